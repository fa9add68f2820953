import { Controller, Get, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { Response } from 'express';
import { CurrentPrincipal, RequireApiKey } from '../access/api-key.guard';
import { mayRead, type Principal } from '../access/principal';
import { ApiProblems } from '../http/api-problems';
import { API_PREFIX } from '../http/configure-http';
import { problem } from '../http/problem';
import { FilingsRepository } from '../filings/filings.repository';
import { EvidenceStatementRecord } from './evidence-statement.entity';
import { EvidenceService } from './evidence.service';

/** The signer answers within a second or two; a client polls no faster than this. */
const RETRY_AFTER_SECONDS = 1;

const evidenceSchema: SchemaObject = {
  type: 'object',
  required: ['filingId', 'statementSha256', 'status', 'requestedAt', 'links'],
  properties: {
    filingId: { type: 'string', format: 'uuid' },
    statementSha256: { type: 'string', description: 'SHA-256 (hex) of the statement’s UTF-8 bytes' },
    status: { type: 'string', enum: ['pending', 'signed'] },
    statement: {
      type: 'string',
      description:
        'signed only: the statement, canonical JSON (RFC 8785), exactly the signed bytes once UTF-8 encoded; ' +
        '`{type: "tks.evidence-statement", version: 1, filing, clock, hashAlgorithm, documents: [{documentId, ' +
        'kind, fileName, mediaType, size, sha256, from, to, receivedFromSender, passedOn, delivered}]}`, each ' +
        'time `{at, clock, basis}` or null',
    },
    signature: {
      type: 'string',
      format: 'byte',
      description:
        'signed only: detached CMS (CAdES-BES) of the statement by the operator’s key, DER, base64',
    },
    signer: {
      type: 'object',
      description: 'signed only',
      properties: {
        algorithm: { type: 'string' },
        subject: { type: 'string' },
        serialNumber: { type: 'string' },
        signingTime: { type: 'string', format: 'date-time' },
      },
    },
    requestedAt: { type: 'string', format: 'date-time' },
    links: { type: 'object', properties: { self: { type: 'string' }, filing: { type: 'string' } } },
  },
};

@ApiTags('filings')
@Controller('filings')
@RequireApiKey()
export class EvidenceController {
  constructor(
    private readonly evidence: EvidenceService,
    private readonly filings: FilingsRepository,
  ) {}

  @Get(':filingId/evidence')
  @ApiOperation({
    summary: 'The operator’s signed statement of the filing’s documents and their sending and delivery times',
    description:
      'The statement lists the SHA-256 of every document of the docflow and, for each, when the operator received ' +
      'it from its sender, passed it on and had it delivered, as recorded when each step happened, and which ' +
      'clock each time comes from. It is signed by the operator’s key (detached CMS, CAdES-BES), verifiable with ' +
      '`openssl cms -verify` (README, "Evidence of times"). The first call for what is recorded now asks the ' +
      'signer: `202` with `Retry-After`; then `200` with the statement and its signature. When the docflow goes ' +
      'on, the statement changes and is signed anew.',
  })
  @ApiOkResponse({ description: 'The signed statement', schema: evidenceSchema })
  @ApiAcceptedResponse({
    description: 'Being signed; ask again after `Retry-After` seconds',
    schema: evidenceSchema,
    headers: { 'Retry-After': { description: 'seconds', schema: { type: 'integer' } } },
  })
  @ApiProblems(400, 404, { 502: ['TKS-EVIDENCE-REFUSED'] })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param(
      'filingId',
      new ParseUUIDPipe({
        exceptionFactory: () =>
          problem(400, 'TKS-REQUEST-INVALID', 'Invalid filing id', 'filingId must be a UUID'),
      }),
    )
    filingId: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    const filing = await this.filings.find(filingId);
    // Another client's filing is answered exactly like a missing one.
    if (!filing || !mayRead(principal, filing)) throw problem(404, 'TKS-NOT-FOUND', 'No such filing');
    const record = await this.evidence.evidence(filing);
    if (record.status === 'refused') {
      throw problem(
        502,
        'TKS-EVIDENCE-REFUSED',
        'The signer refused to sign the evidence statement',
        `${record.refusalCode ?? ''}: ${record.refusalMessage ?? ''}`,
      );
    }
    if (record.status === 'pending') {
      res.status(202);
      res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    }
    return view(record);
  }
}

function view(record: EvidenceStatementRecord) {
  const self = `/${API_PREFIX}/filings/${record.filingId}/evidence`;
  const { signature, signatureInfo: info } = record;
  return {
    filingId: record.filingId,
    statementSha256: record.statementSha256,
    status: record.status,
    ...(record.status === 'signed' && signature && info
      ? {
          statement: record.statement,
          signature: signature.toString('base64'),
          signer: {
            algorithm: info.algorithm,
            subject: info.signerSubject,
            serialNumber: info.signerSerialNumber,
            signingTime: info.signingTime,
          },
        }
      : {}),
    requestedAt: record.requestedAt.toISOString(),
    links: { self, filing: `/${API_PREFIX}/filings/${record.filingId}` },
  };
}

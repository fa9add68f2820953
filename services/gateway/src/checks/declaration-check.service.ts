import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DocumentStore } from '@tks/storage';
import type { Principal } from '../access/principal';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway.config';
import { LimitedBody } from '../http/limited-body';
import { receiveMultipart } from '../http/multipart-upload';
import { problem } from '../http/problem';
import { FilingIntakeService, type ReceivedUpload } from '../filings/filing-intake.service';
import { DeclarationValidator } from '../validation/declaration-validator';
import { anonymousReport, assessedReport, type CheckReport } from './check-report';
import { requestBodyInto } from '../http/request-body';

export const DECLARATION_TYPES = ['application/xml', 'text/xml', 'application/octet-stream'];
const MULTIPART = 'multipart/form-data';
// The filing's limit (filings.controller.ts): a CAdES-BES signature with its chain is a few kilobytes.
const MAX_SIGNATURE_BYTES = 1024 * 1024;

/**
 * `POST /checks`: the request is received as a filing's is (the same limits, the same multipart
 * parts), but into a scratch store that is removed afterwards, and then assessed by the intake's
 * own code (FilingIntakeService.assess): nothing is recorded, stored or sent.
 */
@Injectable()
export class DeclarationCheckService {
  constructor(
    private readonly intake: FilingIntakeService,
    private readonly validator: DeclarationValidator,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async check(
    req: Request,
    principal: Principal,
    query: { subscriberId?: string; fileName?: string },
  ): Promise<CheckReport> {
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (type !== MULTIPART && !DECLARATION_TYPES.includes(type)) {
      req.resume();
      throw problem(415, 'TKS-MEDIA-TYPE', 'Send the declaration as application/xml or multipart/form-data');
    }
    // As for a filing: a foreign or unknown subscriber is refused before the body is read.
    const admitted = query.subscriberId
      ? await this.intake.admit(query.subscriberId, principal).catch((error: unknown) => {
          req.resume();
          throw error;
        })
      : undefined;
    const dir = await mkdtemp(join(tmpdir(), 'tks-check-'));
    try {
      const scratch = new DocumentStore(dir);
      await scratch.init();
      const received =
        type === MULTIPART
          ? await this.receiveMultipart(req, scratch, query)
          : await this.receiveRaw(req, scratch, query);
      const subscriberId = query.subscriberId ?? received.subscriberId;
      if (!subscriberId) {
        return anonymousReport(
          await this.validator.check(
            received.upload.declaration,
            { fileName: received.upload.fileName },
            scratch,
          ),
        );
      }
      const subscriber =
        admitted?.subscriber ?? (await this.intake.admit(subscriberId, principal)).subscriber;
      const assessment = await this.intake.assess(subscriber, received.upload, scratch, new Date());
      return assessedReport(assessment, subscriber.subscriberId);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private async receiveRaw(
    req: Request,
    scratch: DocumentStore,
    query: { fileName?: string },
  ): Promise<{ upload: ReceivedUpload; subscriberId?: string }> {
    const limit = this.config.MAX_DECLARATION_BYTES;
    const body = new LimitedBody(limit);
    const stored = await scratch.putStream(requestBodyInto(req, body));
    return {
      upload: { declaration: body.exceeded ? { tooLarge: limit } : stored, fileName: query.fileName },
    };
  }

  private async receiveMultipart(
    req: Request,
    scratch: DocumentStore,
    query: { subscriberId?: string },
  ): Promise<{ upload: ReceivedUpload; subscriberId?: string }> {
    const upload = await receiveMultipart(req, scratch, {
      maxDeclarationBytes: this.config.MAX_DECLARATION_BYTES,
      maxSignatureBytes: MAX_SIGNATURE_BYTES,
    });
    if (!upload.declaration) {
      throw problem(400, 'TKS-REQUEST-INVALID', 'the file part "declaration" is required');
    }
    return {
      upload: {
        declaration: upload.declaration,
        signature: upload.signature,
        fileName: upload.declarationFileName,
      },
      subscriberId: query.subscriberId ?? upload.fields.subscriberId,
    };
  }
}

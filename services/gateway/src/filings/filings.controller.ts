import {
  Controller,
  Get,
  Headers,
  HttpCode,
  Inject,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiConsumes,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { Request, Response } from 'express';
import { pipeline } from 'node:stream';
import { DocumentStore, StoredObject } from '@tks/storage';
import { ApiKeyRoles, CurrentPrincipal, RequireApiKey } from '../access/api-key.guard';
import { mayRead, type Principal } from '../access/principal';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway.config';
import { ApiProblems } from '../http/api-problems';
import { LimitedBody } from '../http/limited-body';
import { receiveMultipart } from '../http/multipart-upload';
import { openDocument } from './document-download';
import { IdempotentReplay } from './idempotent-replay';
import { UploadJanitor } from './upload-janitor';
import { problem } from '../http/problem';
import { ReceiptNoticesRepository } from '../receipt-notices/receipt-notices.repository';
import { FilingConsentService } from './filing-consent.service';
import { FilingIntakeService, IntakeResult, ReceivedUpload } from './filing-intake.service';
import { listFilings } from './filing-list';
import { filingView } from './filing-view';
import { Filing } from './filing.entity';
import { FilingsRepository } from './filings.repository';
import { requestBodyInto } from '../http/request-body';

const declarationTypes = ['application/xml', 'text/xml', 'application/octet-stream'];
const MULTIPART = 'multipart/form-data';
// A CAdES-BES signature with its certificate chain is a few kilobytes.
const MAX_SIGNATURE_BYTES = 1024 * 1024;

@ApiTags('filings')
@Controller('filings')
@RequireApiKey()
export class FilingsController {
  constructor(
    private readonly intake: FilingIntakeService,
    private readonly consents: FilingConsentService,
    private readonly replays: IdempotentReplay,
    private readonly janitor: UploadJanitor,
    private readonly store: DocumentStore,
    private readonly filings: FilingsRepository,
    private readonly receiptNotices: ReceiptNoticesRepository,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Post()
  @ApiKeyRoles('operator', 'client')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Submit a declaration',
    description:
      'Either the XML file as the body (application/xml, windows-1251 or UTF-8; `subscriberId` in the query, ' +
      'the file name in X-File-Name), or multipart/form-data with the field `subscriberId`, the file part ' +
      '`declaration` (its filename must be ИдФайл.xml) and optionally the file part `signature`: the ' +
      'taxpayer’s detached CMS signature of the declaration. Without it, the subscriber must have a key on ' +
      'the operator’s HSM certified by a usable registered certificate (else 422 TKS-SIGNATURE-REQUIRED): the ' +
      'filing then waits (`signing.state: awaiting-consent`) for POST /filings/{id}/consent. A refused ' +
      'declaration is answered with a problem carrying `filingId`: it is recorded with status `refused`.',
  })
  @ApiConsumes(...declarationTypes, MULTIPART)
  @ApiBody({
    required: true,
    schema: {
      oneOf: [
        { type: 'string', format: 'binary', description: 'the declaration XML' },
        {
          type: 'object',
          required: ['subscriberId', 'declaration'],
          properties: {
            subscriberId: { type: 'string' },
            declaration: { type: 'string', format: 'binary' },
            signature: { type: 'string', format: 'binary', description: 'detached CMS (DER)' },
          },
        },
      ],
    },
  })
  @ApiQuery({ name: 'subscriberId', required: false, description: 'required for a raw XML body' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'A retry with the same key and the same declaration and signature gets the first answer ' +
      '(Idempotent-Replayed: true); the same key with another body: 422 TKS-IDEMPOTENCY-KEY-REUSED',
  })
  @ApiProblems(400, 404, {
    413: ['TKS-TOO-LARGE'],
    415: ['TKS-MEDIA-TYPE'],
    422: ['0300300001', '0400400007', 'TKS-SIGNATURE-REQUIRED', 'TKS-IDEMPOTENCY-KEY-REUSED'],
    507: ['TKS-STORAGE-FULL'],
  })
  @ApiHeader({
    name: 'X-File-Name',
    required: false,
    description: 'The file name as sent; must equal ИдФайл.xml',
  })
  @ApiAcceptedResponse({ description: 'The filing is recorded and on its way' })
  async submit(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @CurrentPrincipal() principal: Principal,
    @Query('subscriberId') querySubscriberId: string | undefined,
    @Headers('idempotency-key') idempotencyHeader: string | undefined,
    @Headers('x-file-name') fileNameHeader: string | undefined,
  ) {
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const idempotencyKey = idempotencyHeader?.slice(0, 200);
    // Every object this upload wrote to the store; what no filing recorded is discarded at the end.
    const received: StoredObject[] = [];
    let result: IntakeResult;
    try {
      if (type === MULTIPART) {
        result = await this.submitMultipart(req, principal, querySubscriberId, idempotencyKey, received);
      } else if (declarationTypes.includes(type)) {
        if (!querySubscriberId) {
          req.resume();
          throw problem(400, 'TKS-REQUEST-INVALID', 'subscriberId is required');
        }
        const fileName = fileNameHeader ? safeDecode(fileNameHeader) : undefined;
        result = await this.submitRaw(
          req,
          principal,
          querySubscriberId,
          { fileName, idempotencyKey },
          received,
        );
      } else {
        req.resume();
        throw problem(
          415,
          'TKS-MEDIA-TYPE',
          'Send the declaration as application/xml or multipart/form-data',
        );
      }
    } finally {
      await this.janitor.discardUnreferenced(received);
    }
    if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.setHeader('Location', `/api/v1/filings/${result.filing.filingId}`);
    return this.view(result.filing);
  }

  private async submitRaw(
    req: Request,
    principal: Principal,
    subscriberId: string,
    upload: Omit<ReceivedUpload, 'declaration'>,
    received: StoredObject[],
  ): Promise<IntakeResult> {
    const admitted = await this.replays
      .admit(subscriberId, principal, upload.idempotencyKey)
      .catch((error) => {
        req.resume();
        throw error;
      });
    const limit = this.config.MAX_DECLARATION_BYTES;
    const body = new LimitedBody(limit);
    const stored = await this.store.putStream(requestBodyInto(req, body));
    received.push(stored);
    const declaration = body.exceeded ? { tooLarge: limit } : stored;
    if (admitted.earlier) return this.replays.answer(admitted.earlier, declaration, undefined);
    return this.intake.accept(admitted.subscriber, { ...upload, declaration });
  }

  private async submitMultipart(
    req: Request,
    principal: Principal,
    querySubscriberId: string | undefined,
    idempotencyKey: string | undefined,
    received: StoredObject[],
  ): Promise<IntakeResult> {
    // With subscriberId in the query, refuse a foreign subscriber before reading the body.
    if (querySubscriberId) {
      await this.replays.admit(querySubscriberId, principal, idempotencyKey).catch((error) => {
        req.resume();
        throw error;
      });
    }
    const upload = await receiveMultipart(
      req,
      this.store,
      { maxDeclarationBytes: this.config.MAX_DECLARATION_BYTES, maxSignatureBytes: MAX_SIGNATURE_BYTES },
      received,
    );
    const subscriberId = querySubscriberId ?? upload.fields.subscriberId;
    if (!subscriberId) throw problem(400, 'TKS-REQUEST-INVALID', 'subscriberId is required');
    if (!upload.declaration)
      throw problem(400, 'TKS-REQUEST-INVALID', 'the file part "declaration" is required');
    const admitted = await this.replays.admit(subscriberId, principal, idempotencyKey);
    if (admitted.earlier) return this.replays.answer(admitted.earlier, upload.declaration, upload.signature);
    return this.intake.accept(admitted.subscriber, {
      declaration: upload.declaration,
      signature: upload.signature,
      fileName: upload.declarationFileName,
      idempotencyKey,
    });
  }

  @Post(':filingId/consent')
  @ApiKeyRoles('operator', 'client')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Consent to a cloud signature of this filing with the subscriber’s key on the operator’s HSM',
    description:
      'Only a client key of the filing’s subscriber may consent (an operator key: 403 TKS-CONSENT-FORBIDDEN). ' +
      'Records who consented and when, then the signer signs the declaration with the subscriber’s key and ' +
      'its registered certificate. The same consent again: 200 with Idempotent-Replayed: true. A filing that ' +
      'came with its own signature, or was refused: 409 TKS-CONSENT-NOT-AWAITED; no usable cloud key any ' +
      'more: 422 TKS-SIGNATURE-REQUIRED.',
  })
  @ApiAcceptedResponse({ description: 'Consent recorded; the filing goes to be signed' })
  async consent(
    @CurrentPrincipal() principal: Principal,
    @Param('filingId', new ParseUUIDPipe()) filingId: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { filing, replayed } = await this.consents.consent(principal, filingId);
    if (replayed) {
      res.status(200);
      res.setHeader('Idempotent-Replayed', 'true');
    }
    return this.view(filing);
  }

  @Get()
  @ApiOperation({
    summary: 'The caller’s filings, newest first, cursor-paginated',
    description:
      'Clients see the filings of their subscribers, inspectors those addressed to their tax offices. ' +
      'Pass `nextCursor` of a page as `cursor` to get the next one.',
  })
  @ApiQuery({ name: 'subscriber', required: false })
  @ApiQuery({ name: 'status', required: false, description: 'the legacy combined field' })
  @ApiQuery({ name: 'progress', required: false, description: 'submitted, signed, sent, answered, finished' })
  @ApiQuery({
    name: 'outcome',
    required: false,
    description: 'accepted, rejected, clarification-requested, refused',
  })
  @ApiQuery({ name: 'knd', required: false, description: 'form code (КНД), 7 digits' })
  @ApiQuery({ name: 'from', required: false, description: 'submitted at or after (ISO date or date-time)' })
  @ApiQuery({
    name: 'to',
    required: false,
    description: 'submitted at or before (a bare date includes the day)',
  })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false, description: '1–200, default 50' })
  @ApiOkResponse({ description: '{ items: [filing summary], nextCursor: string | null }' })
  list(@CurrentPrincipal() principal: Principal, @Query() query: Record<string, string>) {
    return listFilings(this.filings, principal, query);
  }

  @Get(':filingId')
  @ApiOperation({
    summary: 'Status, progress and outcome, timeline, documents and receipt notices of a filing',
    description:
      '`progress`: submitted → signed → sent → answered → finished (every answer of the tax office confirmed ' +
      'by a forwarded receipt notice). `outcome`: null, accepted, clarification-requested, rejected or refused. ' +
      '`status` is the legacy combined field, unchanged. A refused filing carries `refusal`.',
  })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('filingId', new ParseUUIDPipe()) filingId: string,
  ) {
    return this.view(await this.readable(principal, filingId));
  }

  @Get(':filingId/documents/:documentId')
  @ApiOperation({ summary: 'Download one document of the docflow' })
  @ApiOkResponse({
    description: 'The document’s bytes, with its media type and file name (Content-Disposition)',
    content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiProblems(404, { 500: ['TKS-DOCUMENT-UNAVAILABLE'] })
  async document(
    @CurrentPrincipal() principal: Principal,
    @Param('filingId', new ParseUUIDPipe()) filingId: string,
    @Param('documentId', new ParseUUIDPipe()) documentId: string,
    @Res() res: Response,
  ): Promise<void> {
    await this.readable(principal, filingId);
    const doc = await this.filings.document(filingId, documentId);
    if (!doc) throw problem(404, 'TKS-NOT-FOUND', 'No such document');
    const content = await openDocument(this.store, doc.sha256);
    res.setHeader('Content-Type', doc.mediaType);
    res.setHeader('Content-Length', String(doc.size));
    res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(doc.fileName)}`);
    // A read failing mid-way can no longer change the status: the client sees a cut body.
    pipeline(content, res, () => undefined);
  }

  /** Another client's filing is answered exactly like a missing one. */
  private async readable(principal: Principal, filingId: string): Promise<Filing> {
    const filing = await this.filings.find(filingId);
    if (!filing || !mayRead(principal, filing)) throw problem(404, 'TKS-NOT-FOUND', 'No such filing');
    return filing;
  }

  private async view(filing: Filing) {
    const [documents, events, receiptNotices] = await Promise.all([
      this.filings.documentsInOrder(filing.filingId),
      this.filings.timeline(filing.filingId),
      this.receiptNotices.ofFilingInOrder(filing.filingId),
    ]);
    return filingView(filing, documents, events, receiptNotices);
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

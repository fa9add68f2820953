import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiConflictResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Response } from 'express';
import { ApiKeyRoles, CurrentPrincipal, RequireApiKey } from '../access/api-key.guard';
import { mayRead, type Principal } from '../access/principal';
import { FilingsRepository } from '../filings/filings.repository';
import { problem } from '../http/problem';
import { parseReceiptNoticeBody } from './receipt-notice-body';
import { ReceiptNoticeIntakeService } from './receipt-notice-intake.service';
import { receiptNoticeView } from './receipt-notice-view';
import { ReceiptNoticesRepository } from './receipt-notices.repository';

@ApiTags('filings')
@Controller('filings/:filingId/receipt-notices')
@RequireApiKey()
export class ReceiptNoticesController {
  constructor(
    private readonly intake: ReceiptNoticeIntakeService,
    private readonly filings: FilingsRepository,
    private readonly receiptNotices: ReceiptNoticesRepository,
  ) {}

  @Post()
  @ApiKeyRoles('operator', 'client')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Send the subscriber’s receipt notice (извещение о получении) of one answer of the tax office',
    description:
      'JSON `{notice, signature}`, both base64: the IZ file (КНД 1166008, windows-1251 or UTF-8, valid against ' +
      'schemas/receipts/IZ_1166008_reconstructed.xsd, ИдФайл `IZ_` + the confirmed file’s name, one ' +
      '`СведПолФайл/@ИмяПостФайла` naming an answer of the tax office to this filing, `ПодтвДок` the subscriber) ' +
      'and the subscriber’s detached CMS signature of exactly those bytes, made with one of its usable registered ' +
      'certificates. 202: taken in, the operator forwards it (`status` becomes `forwarded`). One notice per ' +
      'answer: the same notice and signature again answer 200 with `Idempotent-Replayed: true`; another notice ' +
      'for an answer already confirmed answers 409 `TKS-RECEIPT-NOTICE-EXISTS` and the first one stands.',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['notice', 'signature'],
      properties: {
        notice: { type: 'string', format: 'byte', description: 'the IZ XML file, base64' },
        signature: { type: 'string', format: 'byte', description: 'detached CMS (DER), base64' },
      },
    },
  })
  @ApiAcceptedResponse({ description: 'The receipt notice is recorded and on its way to the tax office' })
  @ApiOkResponse({ description: 'The same notice was sent before (Idempotent-Replayed: true)' })
  @ApiConflictResponse({ description: 'TKS-RECEIPT-NOTICE-EXISTS: the answer has another receipt notice' })
  async send(
    @CurrentPrincipal() principal: Principal,
    @Param('filingId', new ParseUUIDPipe()) filingId: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ) {
    const received = parseReceiptNoticeBody(body);
    const result = await this.intake.send(principal, filingId, received);
    if (result.replayed) {
      res.status(200);
      res.setHeader('Idempotent-Replayed', 'true');
    }
    return receiptNoticeView(result.notice);
  }

  @Get()
  @ApiOperation({ summary: 'The receipt notices of a filing, and whether the operator forwarded each' })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Param('filingId', new ParseUUIDPipe()) filingId: string,
  ) {
    const filing = await this.filings.find(filingId);
    if (!filing || !mayRead(principal, filing)) throw problem(404, 'TKS-NOT-FOUND', 'No such filing');
    const notices = await this.receiptNotices.ofFilingInOrder(filingId);
    return { items: notices.map(receiptNoticeView) };
  }
}

import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { Request } from 'express';
import { z } from 'zod';
import { API_PREFIX } from '../http/configure-http';
import { problem } from '../http/problem';
import { readCertificateBody } from './certificate-body';
import { CertificateRequest } from './certificate-request.entity';
import { CertificateView } from './certificate-view.entity';
import { SubscriberCertificatesService } from './subscriber-certificates.service';
import { SubscribersService } from './subscribers.service';
import { ApiKeyRoles, CurrentPrincipal, RequireApiKey } from '../access/api-key.guard';
import { maySubmitFor, type Principal } from '../access/principal';
import { ApiProblems } from '../http/api-problems';

const certificateId = z.string().regex(/^[0-9a-f]{64}$/, 'a certificate id is 64 lower-case hex digits');
const revokeBody = z.object({ reason: z.string().max(1000).optional() }).default({});
const CERTIFICATE_TYPES = [
  'application/pkix-cert',
  'application/x-x509-ca-cert',
  'application/x-pem-file',
  'application/octet-stream',
  'text/plain',
  'application/json',
];

@ApiTags('certificates')
// A client binds, reissues and reads the certificates of its own subscribers (issue 14); another
// client's subscriber answers 404 like an unknown one. Revoking and unbinding stay the operator's.
@RequireApiKey('operator', 'client')
@ApiProblems({ 404: ['TKS-SUBSCRIBER-UNKNOWN', 'TKS-NOT-FOUND'] })
@Controller()
export class SubscriberCertificatesController {
  constructor(
    private readonly subscribers: SubscribersService,
    private readonly certificates: SubscriberCertificatesService,
  ) {}

  @Post('subscribers/:subscriberId/certificates')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Bind a qualified certificate (DER or PEM) to a subscriber that has none current',
    description:
      'The registry parses the Russian identity fields, refuses a certificate of someone else ' +
      '(TKS-CERTIFICATE-IDENTITY-MISMATCH) or one that cannot sign (TKS-CERTIFICATE-KEY-USAGE), checks its ' +
      'status, then registers it with the tax authority asynchronously.',
  })
  @ApiConsumes(...CERTIFICATE_TYPES)
  @ApiBody({ description: 'the certificate: DER, PEM, or JSON {"certificate": "<PEM>"}' })
  @ApiAcceptedResponse({ description: 'Request accepted; poll its link for the decision' })
  async bind(
    @Param('subscriberId') subscriberId: string,
    @Req() request: Request,
    @CurrentPrincipal() principal: Principal,
  ) {
    await this.requireSubscriber(principal, subscriberId, request);
    const der = await readCertificateBody(request);
    return this.requestView(await this.certificates.request(subscriberId, { action: 'bind', der }));
  }

  @Post('subscribers/:subscriberId/certificates/reissue')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Replace the current certificate with a reissued one',
    description:
      'The new certificate signs new filings at once; the old one stays usable until it expires when more ' +
      'than five days are left, otherwise it stops now.',
  })
  @ApiConsumes(...CERTIFICATE_TYPES)
  @ApiBody({ description: 'the new certificate: DER, PEM, or JSON {"certificate": "<PEM>"}' })
  @ApiAcceptedResponse({ description: 'Request accepted; poll its link for the decision' })
  async reissue(
    @Param('subscriberId') subscriberId: string,
    @Req() request: Request,
    @CurrentPrincipal() principal: Principal,
  ) {
    await this.requireSubscriber(principal, subscriberId, request);
    const der = await readCertificateBody(request);
    return this.requestView(await this.certificates.request(subscriberId, { action: 'reissue', der }));
  }

  @Get('subscribers/:subscriberId/certificates')
  @ApiOperation({ summary: "The subscriber's certificates with their status, newest first" })
  @ApiQuery({ name: 'history', required: false, description: 'true: include unbound certificates' })
  @ApiOkResponse({ description: 'Certificates' })
  async list(
    @Param('subscriberId') subscriberId: string,
    @CurrentPrincipal() principal: Principal,
    @Query('history') history?: string,
  ) {
    await this.requireSubscriber(principal, subscriberId);
    const rows = await this.certificates.list(subscriberId, history === 'true');
    return { subscriberId, certificates: rows.map((row) => this.certificateView(row)) };
  }

  @Get('subscribers/:subscriberId/certificates/:certificateId')
  @ApiOperation({ summary: 'One certificate with its status, tax authority registration and warnings' })
  @ApiParam({ name: 'certificateId', description: 'SHA-256 of the DER, hex' })
  async one(
    @Param('subscriberId') subscriberId: string,
    @Param('certificateId') id: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    await this.requireSubscriber(principal, subscriberId);
    const row = await this.certificates.find(subscriberId, this.parseId(id));
    if (!row) throw problem(404, 'TKS-NOT-FOUND', 'No such certificate of this subscriber');
    return this.certificateView(row);
  }

  @Post('subscribers/:subscriberId/certificates/:certificateId/revoke')
  @HttpCode(202)
  @ApiOperation({ summary: 'Revoke a certificate: it stops signing at once; its history is kept' })
  @ApiBody({ required: false, description: 'JSON {"reason": "…"}' })
  @ApiKeyRoles('operator')
  async revoke(
    @Param('subscriberId') subscriberId: string,
    @Param('certificateId') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ) {
    await this.requireSubscriber(principal, subscriberId);
    const parsed = revokeBody.safeParse(body ?? {});
    if (!parsed.success)
      throw problem(400, 'TKS-REQUEST-INVALID', 'Invalid revocation', parsed.error.issues[0]?.message);
    const command = {
      action: 'revoke' as const,
      certificateId: this.parseId(id),
      reason: parsed.data.reason,
    };
    return this.requestView(await this.certificates.request(subscriberId, command));
  }

  @Delete('subscribers/:subscriberId/certificates/:certificateId')
  @HttpCode(202)
  @ApiOperation({ summary: 'Unbind a certificate from the subscriber; it stays in the history' })
  @ApiKeyRoles('operator')
  async unbind(
    @Param('subscriberId') subscriberId: string,
    @Param('certificateId') id: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    await this.requireSubscriber(principal, subscriberId);
    const command = { action: 'unbind' as const, certificateId: this.parseId(id) };
    return this.requestView(await this.certificates.request(subscriberId, command));
  }

  @Get('certificate-requests/:requestId')
  @ApiOperation({ summary: 'A certificate request: pending, applied (with the certificate id) or rejected' })
  async requestState(
    @Param('requestId', new ParseUUIDPipe()) requestId: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    const row = await this.certificates.findRequest(requestId);
    if (!row || !maySubmitFor(principal, row.subscriberId))
      throw problem(404, 'TKS-NOT-FOUND', 'No such certificate request');
    return this.requestView(row);
  }

  @Get('subscribers/:subscriberId/certificate-warnings')
  @ApiOperation({
    summary: 'Expiry warnings sent for the subscriber’s certificates (default at 30, 14 and 5 days)',
  })
  async warnings(@Param('subscriberId') subscriberId: string, @CurrentPrincipal() principal: Principal) {
    await this.requireSubscriber(principal, subscriberId);
    const rows = await this.certificates.warnings(subscriberId);
    return {
      subscriberId,
      warnings: rows.map((w) => ({
        certificateId: w.certificateId,
        thresholdDays: w.thresholdDays,
        daysLeft: w.daysLeft,
        notAfter: w.notAfter.toISOString(),
        warnedAt: w.warnedAt.toISOString(),
      })),
    };
  }

  /**
   * Unknown and foreign subscribers answer alike. A certificate body may still be arriving: it is
   * drained so that the 404 can be read.
   */
  private async requireSubscriber(principal: Principal, subscriberId: string, body?: Request): Promise<void> {
    if (!(await this.subscribers.findSubscriberFor(principal, subscriberId))) {
      body?.resume();
      throw problem(404, 'TKS-SUBSCRIBER-UNKNOWN', 'No such subscriber');
    }
  }

  private parseId(id: string): string {
    const parsed = certificateId.safeParse(id);
    if (!parsed.success)
      throw problem(400, 'TKS-REQUEST-INVALID', 'Invalid certificate id', parsed.error.issues[0]?.message);
    return parsed.data;
  }

  private certificateView(row: CertificateView) {
    const { der, ...state } = row.state;
    const base = `/${API_PREFIX}/subscribers/${row.subscriberId}/certificates/${row.certificateId}`;
    return {
      ...state,
      // Usable for signing now: current, or superseded within its grace period, and not expired.
      usable:
        (state.lifecycle === 'current' || state.lifecycle === 'superseded') &&
        Date.now() <= new Date(state.usableUntil ?? state.notAfter).getTime() &&
        Date.now() <= new Date(state.notAfter).getTime(),
      pem: `-----BEGIN CERTIFICATE-----\n${der.match(/.{1,64}/g)?.join('\n') ?? ''}\n-----END CERTIFICATE-----\n`,
      links: { self: base, revoke: `${base}/revoke` },
    };
  }

  private requestView(r: CertificateRequest) {
    return {
      requestId: r.requestId,
      subscriberId: r.subscriberId,
      action: r.action,
      status: r.status,
      certificateId: r.certificateId ?? undefined,
      reason: r.reasonCode ? { code: r.reasonCode, message: r.reason } : undefined,
      requestedAt: r.requestedAt.toISOString(),
      decidedAt: r.decidedAt?.toISOString(),
      links: {
        self: `/${API_PREFIX}/certificate-requests/${r.requestId}`,
        certificates: `/${API_PREFIX}/subscribers/${r.subscriberId}/certificates`,
      },
    };
  }
}

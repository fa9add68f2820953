import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiProblems } from '../http/api-problems';
import { problem } from '../http/problem';
import { API_PREFIX } from '../http/configure-http';
import { SubscribersService } from './subscribers.service';
import { CurrentPrincipal, RequireApiKey } from '../access/api-key.guard';
import type { Principal } from '../access/principal';

const registrationBody = z.object({
  kind: z.enum(['company', 'entrepreneur', 'person']),
  name: z.string().min(1).max(1000),
  inn: z.string().regex(/^\d{10}(\d{2})?$/, 'INN is 10 or 12 digits'),
  kpp: z.string().optional(),
  ogrn: z.string().optional(),
  taxOfficeCodes: z.array(z.string().regex(/^\d{4}$/)).default([]),
});

const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

@ApiTags('subscribers')
// The operator registers and sees every subscriber; a client (a reporting operator's front office,
// bookkeeping software) onboards its own customers and sees only the subscribers granted to its key.
@RequireApiKey('operator', 'client')
@Controller()
export class SubscribersController {
  constructor(private readonly subscribers: SubscribersService) {}

  @Post('subscribers')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Ask the registry to register a subscriber and issue its subscriber id',
    description:
      'A client key that registers a subscriber is granted it once the registry has registered it: ' +
      'the key may then bind and reissue its certificates and file for it.',
  })
  @ApiAcceptedResponse({ description: 'Registration accepted; poll its link for the subscriber id' })
  async register(@Body() body: unknown, @CurrentPrincipal() principal: Principal) {
    const parsed = registrationBody.safeParse(body ?? {});
    if (!parsed.success) {
      throw problem(
        400,
        'TKS-REQUEST-INVALID',
        'Invalid registration request',
        parsed.error.issues[0]?.message,
      );
    }
    const registration = await this.subscribers.requestRegistration(parsed.data, principal);
    return this.registrationView(registration);
  }

  @Get('subscriber-registrations/:registrationId')
  @ApiOperation({
    summary: 'The state of a registration: pending, registered (with the subscriber id) or rejected',
  })
  @ApiOkResponse({ description: 'Registration state' })
  @ApiProblems(404)
  async registration(
    @Param('registrationId', new ParseUUIDPipe()) registrationId: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    const registration = await this.subscribers.findRegistration(registrationId, principal);
    if (!registration) throw problem(404, 'TKS-NOT-FOUND', 'No such registration');
    return this.registrationView(registration);
  }

  @Get('subscribers')
  @ApiOperation({
    summary: 'Registered subscribers the key may act for (a client: its own), most recently updated first',
  })
  @ApiQuery({ name: 'limit', required: false, description: '1–500, default 50' })
  @ApiQuery({ name: 'offset', required: false, description: 'default 0' })
  async list(@Query() query: unknown, @CurrentPrincipal() principal: Principal) {
    const parsed = listQuery.safeParse(query ?? {});
    if (!parsed.success) {
      throw problem(400, 'TKS-REQUEST-INVALID', 'Invalid list request', parsed.error.issues[0]?.message);
    }
    const [subscribers, total] = await this.subscribers.listSubscribers(
      principal,
      parsed.data.limit,
      parsed.data.offset,
    );
    return { total, limit: parsed.data.limit, offset: parsed.data.offset, subscribers };
  }

  @Get('subscribers/:subscriberId')
  @ApiOperation({ summary: 'A registered subscriber (a client key: one of its own, else 404)' })
  @ApiOkResponse({ description: 'The subscriber' })
  @ApiProblems({ 404: ['TKS-SUBSCRIBER-UNKNOWN'] })
  async subscriber(@Param('subscriberId') subscriberId: string, @CurrentPrincipal() principal: Principal) {
    const subscriber = await this.subscribers.findSubscriberFor(principal, subscriberId);
    if (!subscriber) throw problem(404, 'TKS-SUBSCRIBER-UNKNOWN', 'No such subscriber');
    return subscriber;
  }

  private registrationView(r: {
    registrationId: string;
    status: string;
    subscriberId: string | null;
    reasonCode: string | null;
    reason: string | null;
  }) {
    return {
      registrationId: r.registrationId,
      status: r.status,
      subscriberId: r.subscriberId ?? undefined,
      reason: r.reasonCode ? { code: r.reasonCode, message: r.reason } : undefined,
      links: {
        self: `/${API_PREFIX}/subscriber-registrations/${r.registrationId}`,
        subscriber: r.subscriberId ? `/${API_PREFIX}/subscribers/${r.subscriberId}` : undefined,
      },
    };
  }
}

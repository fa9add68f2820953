import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { problem } from '../http/problem';
import { API_PREFIX } from '../http/configure-http';
import { SubscribersService } from './subscribers.service';
import { RequireApiKey } from '../access/api-key.guard';

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
// Subscribers are the operator's to register and manage; clients file for the ones their key names.
@RequireApiKey('operator')
@Controller()
export class SubscribersController {
  constructor(private readonly subscribers: SubscribersService) {}

  @Post('subscribers')
  @HttpCode(202)
  @ApiOperation({ summary: 'Ask the registry to register a subscriber and issue its subscriber id' })
  @ApiAcceptedResponse({ description: 'Registration accepted; poll its link for the subscriber id' })
  async register(@Body() body: unknown) {
    const parsed = registrationBody.safeParse(body ?? {});
    if (!parsed.success) {
      throw problem(
        400,
        'TKS-REQUEST-INVALID',
        'Invalid registration request',
        parsed.error.issues[0]?.message,
      );
    }
    const registration = await this.subscribers.requestRegistration(parsed.data);
    return this.registrationView(registration);
  }

  @Get('subscriber-registrations/:registrationId')
  @ApiOperation({
    summary: 'The state of a registration: pending, registered (with the subscriber id) or rejected',
  })
  @ApiOkResponse({ description: 'Registration state' })
  async registration(@Param('registrationId', new ParseUUIDPipe()) registrationId: string) {
    const registration = await this.subscribers.findRegistration(registrationId);
    if (!registration) throw problem(404, 'TKS-NOT-FOUND', 'No such registration');
    return this.registrationView(registration);
  }

  @Get('subscribers')
  @ApiOperation({ summary: 'Registered subscribers, most recently updated first' })
  @ApiQuery({ name: 'limit', required: false, description: '1–500, default 50' })
  @ApiQuery({ name: 'offset', required: false, description: 'default 0' })
  async list(@Query() query: unknown) {
    const parsed = listQuery.safeParse(query ?? {});
    if (!parsed.success) {
      throw problem(400, 'TKS-REQUEST-INVALID', 'Invalid list request', parsed.error.issues[0]?.message);
    }
    const [subscribers, total] = await this.subscribers.listSubscribers(
      parsed.data.limit,
      parsed.data.offset,
    );
    return { total, limit: parsed.data.limit, offset: parsed.data.offset, subscribers };
  }

  @Get('subscribers/:subscriberId')
  @ApiOperation({ summary: 'A registered subscriber' })
  async subscriber(@Param('subscriberId') subscriberId: string) {
    const subscriber = await this.subscribers.findSubscriber(subscriberId);
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

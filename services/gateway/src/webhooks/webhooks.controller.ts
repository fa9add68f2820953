import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, RequireApiKey } from '../access/api-key.guard';
import type { Principal } from '../access/principal';
import { ApiProblems } from '../http/api-problems';
import { problem } from '../http/problem';
import { parseReplay, parseWebhookRegistration } from './webhook-body';
import { WebhooksService } from './webhooks.service';

const uuid = new ParseUUIDPipe({
  exceptionFactory: () =>
    problem(400, 'TKS-REQUEST-INVALID', 'Invalid webhook id', 'webhookId must be a UUID'),
});

@ApiTags('webhooks')
@Controller('webhooks')
@RequireApiKey('operator', 'client')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    operationId: 'registerWebhook',
    summary: 'Register an endpoint that receives the key’s events of the feed, signed',
    description:
      'JSON `{url, filters?: {filingIds?, subscriberIds?, progress?}}`. Every event of GET /events this key ' +
      'may read (and the filters let through) from now on is POSTed to `url` as JSON with ' +
      '`Tks-Event-Id` and `Tks-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. The answer carries ' +
      'the `secret` once; it is never shown again.',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['url'],
      properties: {
        url: { type: 'string', format: 'uri' },
        filters: {
          type: 'object',
          properties: {
            filingIds: { type: 'array', items: { type: 'string', format: 'uuid' } },
            subscriberIds: { type: 'array', items: { type: 'string' } },
            progress: {
              type: 'array',
              items: { type: 'string', enum: ['submitted', 'signed', 'sent', 'answered', 'finished'] },
            },
          },
        },
      },
    },
  })
  @ApiCreatedResponse({ description: 'The endpoint, with its `secret` (shown this once)' })
  @ApiProblems(400, { 422: ['TKS-WEBHOOK-URL'] })
  register(@CurrentPrincipal() principal: Principal, @Body() body: unknown) {
    return this.webhooks.register(principal, parseWebhookRegistration(body));
  }

  @Get()
  @ApiOperation({
    operationId: 'listWebhooks',
    summary: 'The key’s webhook endpoints and their delivery counts',
  })
  @ApiOkResponse({ description: '{ items: [{webhookId, url, filters, createdAt, cursor, deliveries}] }' })
  list(@CurrentPrincipal() principal: Principal) {
    return this.webhooks.list(principal);
  }

  @Get(':webhookId')
  @ApiOperation({
    operationId: 'getWebhook',
    summary: 'One webhook endpoint of the key (without its secret)',
  })
  @ApiOkResponse({ description: 'The endpoint and its delivery counts' })
  @ApiProblems(400, 404)
  get(@CurrentPrincipal() principal: Principal, @Param('webhookId', uuid) webhookId: string) {
    return this.webhooks.get(principal, webhookId);
  }

  @Delete(':webhookId')
  @HttpCode(204)
  @ApiOperation({ operationId: 'deleteWebhook', summary: 'Stop delivering to an endpoint' })
  @ApiNoContentResponse({ description: 'Deleted; pending deliveries are not sent' })
  @ApiProblems(400, 404)
  async remove(@CurrentPrincipal() principal: Principal, @Param('webhookId', uuid) webhookId: string) {
    await this.webhooks.remove(principal, webhookId);
  }

  @Post(':webhookId/replay')
  @HttpCode(202)
  @ApiOperation({
    operationId: 'replayWebhook',
    summary: 'Deliver again the events after a feed cursor',
    description:
      'JSON `{after}`: a cursor of GET /events (an event’s `cursor`, or `0` for all). Every event after it ' +
      'up to the endpoint’s current position is delivered again, with its own `Tks-Event-Id`.',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['after'],
      properties: { after: { type: 'string', pattern: '^\\d{1,18}$' } },
    },
  })
  @ApiAcceptedResponse({
    description: '{replayId, after, through, deliveries}: the deliveries are on their way',
  })
  @ApiProblems(400, 404)
  replay(
    @CurrentPrincipal() principal: Principal,
    @Param('webhookId', uuid) webhookId: string,
    @Body() body: unknown,
  ) {
    return this.webhooks.replay(principal, webhookId, parseReplay(body).after);
  }
}

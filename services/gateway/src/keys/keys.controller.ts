import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireApiKey } from '../access/api-key.guard';
import { API_PREFIX } from '../http/configure-http';
import { problem } from '../http/problem';
import { SubscribersService } from '../subscribers/subscribers.service';
import { KeyRequest } from './key-request.entity';
import { KeysService } from './keys.service';

@ApiTags('subscribers')
// Keys on the operator's HSM are the operator's business, not a bookkeeping client's.
@RequireApiKey('operator')
@Controller('subscribers/:subscriberId/keys')
export class KeysController {
  constructor(
    private readonly keys: KeysService,
    private readonly subscribers: SubscribersService,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Generate a key pair for the subscriber on the operator’s HSM; answers with a PKCS#10 request',
  })
  @ApiAcceptedResponse({ description: 'Generation requested; poll the link for the certificate request' })
  async generate(@Param('subscriberId') subscriberId: string) {
    const subscriber = await this.subscribers.findSubscriber(subscriberId);
    if (!subscriber || subscriber.status !== 'active')
      throw problem(404, 'TKS-SUBSCRIBER-UNKNOWN', 'No such subscriber');
    return view(await this.keys.request(subscriber));
  }

  @Get(':requestId')
  @ApiOperation({
    summary: 'The key request: pending, generated (with the PKCS#10 request in PEM) or failed',
  })
  @ApiOkResponse({ description: 'Key request state' })
  async get(
    @Param('subscriberId') subscriberId: string,
    @Param('requestId', new ParseUUIDPipe()) requestId: string,
  ) {
    const request = await this.keys.find(subscriberId, requestId);
    if (!request) throw problem(404, 'TKS-NOT-FOUND', 'No such key request');
    return view(request);
  }
}

function view(r: KeyRequest) {
  return {
    requestId: r.requestId,
    subscriberId: r.subscriberId,
    status: r.status,
    keyLabel: r.keyLabel ?? undefined,
    certificateRequest: r.csrPem ?? undefined,
    reason: r.reasonCode ? { code: r.reasonCode, message: r.reason } : undefined,
    requestedAt: r.requestedAt.toISOString(),
    links: { self: `/${API_PREFIX}/subscribers/${r.subscriberId}/keys/${r.requestId}` },
  };
}

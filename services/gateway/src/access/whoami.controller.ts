import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireApiKey } from './api-key.guard';
import type { Principal } from './principal';

/** What the presented key is: the console shows what its role may do, and nothing else. */
@ApiTags('access')
@Controller('access')
@RequireApiKey()
export class WhoAmIController {
  @Get('me')
  @ApiOperation({ summary: 'The API key’s name, role, subscribers (client) and tax offices (inspector)' })
  @ApiOkResponse({ description: '{ name, role, subscriberIds, taxOfficeCodes }' })
  me(@CurrentPrincipal() principal: Principal) {
    return {
      name: principal.name,
      role: principal.role,
      subscriberIds: [...principal.subscriberIds],
      taxOfficeCodes: [...principal.taxOfficeCodes],
    };
  }
}

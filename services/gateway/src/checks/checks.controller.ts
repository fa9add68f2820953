import { Controller, Headers, HttpCode, Post, Query, Req } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, RequireApiKey } from '../access/api-key.guard';
import type { Principal } from '../access/principal';
import { ApiProblems } from '../http/api-problems';
import { checkReportSchema } from './check-report.schema';
import { DECLARATION_TYPES, DeclarationCheckService } from './declaration-check.service';

@ApiTags('checks')
@Controller('checks')
@RequireApiKey()
export class ChecksController {
  constructor(private readonly checks: DeclarationCheckService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'checkDeclaration',
    summary: 'Check a declaration as the intake would, without filing it',
    description:
      'The same request as POST /filings (raw XML with `subscriberId` in the query and X-File-Name, or ' +
      'multipart with `subscriberId`, `declaration` and optionally `signature`), except that `subscriberId` ' +
      'is optional. The intake’s own checks run (transport, name and identity, the XSD of the form and ' +
      'version and its control rules; with a subscriber also its certificate, the signature and an earlier ' +
      'filing of the same ИдФайл) and every finding is answered, with the verdict a filing would get. ' +
      'Nothing is recorded, stored or sent. Request faults (media type, multipart) are problems as for a filing.',
  })
  @ApiConsumes(...DECLARATION_TYPES, 'multipart/form-data')
  @ApiBody({
    required: true,
    schema: {
      oneOf: [
        { type: 'string', format: 'binary', description: 'the declaration XML' },
        {
          type: 'object',
          required: ['declaration'],
          properties: {
            subscriberId: { type: 'string' },
            declaration: { type: 'string', format: 'binary' },
            signature: { type: 'string', format: 'binary', description: 'detached CMS (DER)' },
          },
        },
      ],
    },
  })
  @ApiQuery({ name: 'subscriberId', required: false, description: 'the subscriber it would be filed for' })
  @ApiHeader({
    name: 'X-File-Name',
    required: false,
    description: 'The file name; a filing needs ИдФайл.xml',
  })
  @ApiOkResponse({ description: 'The verdict and every finding', schema: checkReportSchema })
  @ApiProblems(400, 404, { 413: ['TKS-TOO-LARGE'], 415: ['TKS-MEDIA-TYPE'] })
  check(
    @Req() req: Request,
    @CurrentPrincipal() principal: Principal,
    @Query('subscriberId') subscriberId: string | undefined,
    @Headers('x-file-name') fileName: string | undefined,
  ) {
    return this.checks.check(req, principal, {
      subscriberId: subscriberId || undefined,
      fileName: fileName ? safeDecode(fileName) : undefined,
    });
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { acceptedForms, type AcceptedForm } from '@tks/checks';
import { RequireApiKey } from '../access/api-key.guard';
import { DeclarationValidator } from '../validation/declaration-validator';
import { acceptedFormsSchema } from './check-report.schema';

@ApiTags('checks')
@Controller('forms')
@RequireApiKey()
export class FormsController {
  private forms?: AcceptedForm[];

  constructor(private readonly validator: DeclarationValidator) {}

  @Get()
  @ApiOperation({
    operationId: 'listForms',
    summary: 'The forms and format versions this deployment accepts',
    description:
      'Read from the shipped schemas (SCHEMA_DIR, schemas/README.md): КНД, ВерсФорм, the form’s name, the ' +
      'main XSD file and its SHA-256, and whether that XSD is the tax service’s own or reconstructed.',
  })
  @ApiOkResponse({ description: 'The accepted forms', schema: acceptedFormsSchema })
  list(): { items: AcceptedForm[] } {
    // The schemas are loaded once at start; so is their list.
    this.forms ??= acceptedForms(this.validator.schemas);
    return { items: this.forms };
  }
}

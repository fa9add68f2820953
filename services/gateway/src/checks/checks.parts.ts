import { ChecksController } from './checks.controller';
import { DeclarationCheckService } from './declaration-check.service';
import { FormsController } from './forms.controller';

/** Issue 15: checking a declaration without filing it, and the forms accepted. */
export const checksParts = {
  controllers: [ChecksController, FormsController],
  providers: [DeclarationCheckService],
};

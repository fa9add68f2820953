import { EvidenceStatements1732541000140 } from '../migrations/1732541000140-evidence-statements';
import { EvidenceController } from './evidence.controller';
import { EvidenceEventsHandler } from './evidence-events.handler';
import { EvidenceStatementRecord } from './evidence-statement.entity';
import { EvidenceService } from './evidence.service';
import { EvidenceRepository } from './evidence.repository';

/** The operator's signed evidence of a filing's times (issue 14), wired into GatewayModule. */
export const evidenceParts = {
  entities: [EvidenceStatementRecord],
  migrations: [EvidenceStatements1732541000140],
  controllers: [EvidenceController, EvidenceEventsHandler],
  providers: [EvidenceService, EvidenceRepository],
};

import { History1732541000006 } from '../migrations/1732541000006-history';
import { HistoryController } from './history.controller';
import { HistoryService } from './history.service';
import { HistoryRepository } from './history.repository';

/** What the inspectors' history adds to the gateway module (issue 6). */
export const historyParts = {
  migrations: [History1732541000006],
  controllers: [HistoryController],
  providers: [HistoryService, HistoryRepository],
};

import { KeyRequests1732541000002 } from '../migrations/1732541000002-key-requests';
import { KeyEventsHandler } from './key-events.handler';
import { KeyRequest } from './key-request.entity';
import { KeyRequestsRepository } from './key-requests.repository';
import { KeysController } from './keys.controller';
import { KeysService } from './keys.service';

/** Subscriber key pairs on the operator's HSM (issue 3), wired into GatewayModule. */
export const keysParts = {
  entities: [KeyRequest],
  migrations: [KeyRequests1732541000002],
  controllers: [KeysController, KeyEventsHandler],
  providers: [KeysService, KeyRequestsRepository],
};

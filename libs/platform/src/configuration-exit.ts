import { Logger } from '@nestjs/common';

/**
 * EX_CONFIG (sysexits.h): the service stopped because of its configuration, and starting it again
 * unchanged cannot help; `npm start`'s supervisor does not restart a service that exits with it.
 * A wrong token PIN is the case that matters: every restart would be another wrong entry, and a
 * few of them lock the token (and with it every filing).
 */
export const EXIT_CONFIG = 78;

const logger = new Logger('configuration');

/**
 * Logs what to fix and ends the process with EX_CONFIG at once. Used where an error raised during
 * Nest's module initialisation would otherwise make Nest abort the process (SIGABRT), which a
 * supervisor cannot tell from a crash worth a restart.
 */
export function exitForConfiguration(message: string): never {
  logger.error(`${message} [exit ${EXIT_CONFIG}: configuration error, not restarted]`);
  process.exit(EXIT_CONFIG);
}

import type { EventEmitter } from 'node:events';

/** What the guard needs of the process: its error events and a way to end it. */
export interface GuardedProcess extends Pick<EventEmitter, 'on'> {
  exit(code: number): never | void;
}

export interface GuardLogger {
  event(level: 'error', message: string, fields: Record<string, unknown>): void;
}

/** EX_SOFTWARE (sysexits.h): an internal error; a supervisor restarts the service. */
export const EXIT_SOFTWARE = 70;

/**
 * An I/O error of one request or stream (a file gone, a peer that hung up) raised where nobody
 * listened: it concerns that operation only, so the process may go on serving the others.
 */
function isOperationalIoError(error: unknown): boolean {
  const errno = error as NodeJS.ErrnoException | null;
  return (
    error instanceof Error &&
    typeof errno?.code === 'string' &&
    /^E[A-Z]+$/.test(errno.code) &&
    typeof errno.syscall === 'string'
  );
}

function describe(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { error: String(error) };
  const errno = error as NodeJS.ErrnoException;
  return { error: error.message, name: error.name, code: errno.code, syscall: errno.syscall };
}

/**
 * The last line of defence of a service process. A rejected promise nobody awaited is logged and
 * the service goes on: it failed one piece of work, not the process. An uncaught exception is
 * logged; when it is an I/O error of one operation the service goes on too, anything else may
 * have left state half-changed, so the process exits EX_SOFTWARE and the supervisor restarts it
 * (work in flight is redelivered: the inbox and outbox make that safe).
 */
export function installProcessGuard(service: string, logger: GuardLogger, target: GuardedProcess): void {
  target.on('unhandledRejection', (reason: unknown) => {
    logger.event('error', 'unhandled rejection, service goes on', { service, ...describe(reason) });
  });
  target.on('uncaughtException', (error: unknown) => {
    if (isOperationalIoError(error)) {
      logger.event('error', 'uncaught I/O error, service goes on', { service, ...describe(error) });
      return;
    }
    logger.event('error', 'uncaught exception, service exits to be restarted', {
      service,
      exitCode: EXIT_SOFTWARE,
      ...describe(error),
    });
    target.exit(EXIT_SOFTWARE);
  });
}

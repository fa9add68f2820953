import { LoggerService } from '@nestjs/common';

type Fields = Record<string, unknown>;

/**
 * Structured JSON logs, one object per line. Correlation fields (filingId, eventId) go in `fields`;
 * callers never pass PINs, keys or declaration content.
 */
export class JsonLogger implements LoggerService {
  constructor(private readonly service: string) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    if (process.env.LOG_LEVEL === 'debug') this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.debug(message, ...rest);
  }

  event(level: 'debug' | 'info' | 'warn' | 'error', message: string, fields: Fields): void {
    if (level === 'debug' && process.env.LOG_LEVEL !== 'debug') return;
    this.emit({ level, message, ...fields });
  }

  private write(level: string, message: unknown, rest: unknown[]): void {
    const context = typeof rest[rest.length - 1] === 'string' ? rest[rest.length - 1] : undefined;
    const fields: Fields = { level, message: message instanceof Error ? message.message : message };
    if (context) fields.context = context;
    if (message instanceof Error && message.stack) fields.stack = message.stack;
    this.emit(fields);
  }

  private emit(fields: Fields): void {
    const line = JSON.stringify({ time: new Date().toISOString(), service: this.service, ...fields });
    process.stdout.write(line + '\n');
  }
}

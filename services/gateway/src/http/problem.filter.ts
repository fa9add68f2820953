import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { Request, Response } from 'express';
import { isStorageFull } from '@tks/storage';
import { Problem } from './problem';

/** Every error leaves as application/problem+json with a stable `code`, whatever raised it. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const ctx = host.switchToHttp();
    const response = ctx.getResponse<Response>();
    const request = ctx.getRequest<Request>();
    const body = this.toProblem(exception);
    body.instance = request.originalUrl;
    if (body.status >= 500) this.logger.error(exception instanceof Error ? exception : String(exception));
    response.status(body.status).type('application/problem+json').send(JSON.stringify(body));
  }

  private toProblem(exception: unknown): Problem {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const payload = exception.getResponse();
      if (typeof payload === 'object' && payload !== null && 'code' in payload) {
        return { ...(payload as Problem) };
      }
      return {
        type: `urn:tks:error:TKS-HTTP-${status}`,
        title: exception.message,
        status,
        code: `TKS-HTTP-${status}`,
      };
    }
    if (isStorageFull(exception)) {
      return {
        type: 'urn:tks:error:TKS-STORAGE-FULL',
        title: 'The document store is full',
        status: 507,
        code: 'TKS-STORAGE-FULL',
        detail: 'nothing of this upload was kept; send it again (same Idempotency-Key) once space is freed',
      };
    }
    return { type: 'urn:tks:error:TKS-INTERNAL', title: 'Internal error', status: 500, code: 'TKS-INTERNAL' };
  }
}

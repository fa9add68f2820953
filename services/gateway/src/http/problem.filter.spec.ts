import { ArgumentsHost } from '@nestjs/common';
import { ProblemFilter } from './problem.filter';
import { problem } from './problem';

/** What the filter sends for an exception, through a minimal Express response. */
function answer(exception: unknown): { status: number; body: Record<string, unknown> } {
  const sent = { status: 0, body: {} as Record<string, unknown> };
  const response = {
    status: (code: number) => ((sent.status = code), response),
    type: () => response,
    send: (text: string) => ((sent.body = JSON.parse(text) as Record<string, unknown>), response),
  };
  const host = {
    getType: () => 'http',
    switchToHttp: () => ({ getResponse: () => response, getRequest: () => ({ originalUrl: '/x' }) }),
  } as unknown as ArgumentsHost;
  new ProblemFilter().catch(exception, host);
  return sent;
}

const errno = (code: string) => Object.assign(new Error(`${code}: failed`), { code });

describe('ProblemFilter', () => {
  it('answers 507 TKS-STORAGE-FULL when the document store has no space left', () => {
    for (const code of ['ENOSPC', 'EDQUOT']) {
      const { status, body } = answer(errno(code));
      expect(status).toBe(507);
      expect(body).toMatchObject({ code: 'TKS-STORAGE-FULL', status: 507, instance: '/x' });
    }
  });

  it('keeps other file-system errors internal', () => {
    expect(answer(errno('EIO'))).toMatchObject({ status: 500, body: { code: 'TKS-INTERNAL' } });
  });

  it('passes a problem through with its code', () => {
    const { status, body } = answer(problem(409, 'TKS-FILE-ID-TAKEN', 'taken'));
    expect(status).toBe(409);
    expect(body).toMatchObject({ code: 'TKS-FILE-ID-TAKEN' });
  });
});

import { EventEmitter } from 'node:events';
import { EXIT_SOFTWARE, installProcessGuard } from './process-guard';

function guarded() {
  const target = Object.assign(new EventEmitter(), { exit: jest.fn() });
  const lines: Array<{ message: string; fields: Record<string, unknown> }> = [];
  installProcessGuard(
    'gateway',
    { event: (_level, message, fields) => lines.push({ message, fields }) },
    target,
  );
  return { target, lines };
}

describe('process guard', () => {
  it('logs an unhandled rejection and keeps the service going', () => {
    const { target, lines } = guarded();
    target.emit('unhandledRejection', new Error('the broker went away'), Promise.resolve());
    expect(target.exit).not.toHaveBeenCalled();
    expect(lines).toEqual([
      expect.objectContaining({
        message: 'unhandled rejection, service goes on',
        fields: expect.objectContaining({ service: 'gateway', error: 'the broker went away' }),
      }),
    ]);
  });

  it('logs an uncaught I/O error of one stream (a file gone from the store) and keeps serving', () => {
    const { target, lines } = guarded();
    const gone = Object.assign(new Error('ENOENT: no such file or directory, open'), {
      code: 'ENOENT',
      syscall: 'open',
    });
    target.emit('uncaughtException', gone);
    expect(target.exit).not.toHaveBeenCalled();
    expect(lines[0]).toMatchObject({
      message: 'uncaught I/O error, service goes on',
      fields: { code: 'ENOENT' },
    });
  });

  it('exits EX_SOFTWARE on any other uncaught exception, so the supervisor restarts the service', () => {
    const { target, lines } = guarded();
    target.emit('uncaughtException', new TypeError('x is undefined'));
    expect(target.exit).toHaveBeenCalledWith(EXIT_SOFTWARE);
    expect(lines[0]).toMatchObject({ fields: { exitCode: EXIT_SOFTWARE, name: 'TypeError' } });
  });
});

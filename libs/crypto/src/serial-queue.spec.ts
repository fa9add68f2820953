import { SerialQueue } from './serial-queue';

describe('SerialQueue', () => {
  it('runs tasks one at a time in call order', async () => {
    const queue = new SerialQueue();
    const events: string[] = [];
    const task = (name: string, ms: number) => () =>
      new Promise<string>((resolve) => {
        events.push(`start ${name}`);
        setTimeout(() => {
          events.push(`end ${name}`);
          resolve(name);
        }, ms);
      });
    const results = await Promise.all([
      queue.run(task('a', 20)),
      queue.run(task('b', 1)),
      queue.run(task('c', 5)),
    ]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('keeps running queued tasks after one fails', async () => {
    const queue = new SerialQueue();
    const failed = queue.run(() => Promise.reject(new Error('CKR_DEVICE_ERROR')));
    const next = queue.run(() => 'next');
    await expect(failed).rejects.toThrow('CKR_DEVICE_ERROR');
    await expect(next).resolves.toBe('next');
  });
});

import { heartbeatWhile } from './heartbeat-while';
import { CONSUMER_HEARTBEAT_INTERVAL_MS, CONSUMER_SESSION_TIMEOUT_MS } from './consumer-session';

describe('heartbeats while a handler runs', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('keeps the session alive through work that lasts several session timeouts', async () => {
    const beats: number[] = [];
    const started = Date.now();
    const heartbeat = jest.fn(async () => {
      beats.push(Date.now() - started);
    });
    const work = new Promise<string>((resolve) =>
      setTimeout(() => resolve('done'), 3 * CONSUMER_SESSION_TIMEOUT_MS),
    );
    const result = heartbeatWhile(heartbeat, CONSUMER_HEARTBEAT_INTERVAL_MS, () => work);
    await jest.advanceTimersByTimeAsync(3 * CONSUMER_SESSION_TIMEOUT_MS);
    await expect(result).resolves.toBe('done');
    const gaps = [...beats, 3 * CONSUMER_SESSION_TIMEOUT_MS].map(
      (at, i) => at - (i === 0 ? 0 : beats[i - 1]),
    );
    expect(Math.max(...gaps)).toBeLessThan(CONSUMER_SESSION_TIMEOUT_MS / 3);
  });

  it('stops heartbeating when the work ends, also when it fails', async () => {
    const heartbeat = jest.fn(async () => undefined);
    await expect(
      heartbeatWhile(heartbeat, 1000, () => Promise.reject(new Error('handler failed'))),
    ).rejects.toThrow('handler failed');
    await jest.advanceTimersByTimeAsync(5000);
    expect(heartbeat).not.toHaveBeenCalled();
  });
});

import { createServer } from 'node:http';
import { applyHttpTimeouts, httpTimeoutsShape } from './http-timeouts';
import { z } from 'zod';

describe('HTTP timeouts', () => {
  const defaults = z.object(httpTimeoutsShape).parse({});

  it('lets a 200 MB declaration arrive at 1 Mbit/s by default', () => {
    const seconds = (200 * 1024 * 1024 * 8) / 1_000_000;
    expect(defaults.HTTP_REQUEST_TIMEOUT_MS).toBeGreaterThan(seconds * 1000);
  });

  it('sets the request, headers and idle timeouts of the server', () => {
    const server = createServer();
    applyHttpTimeouts(server, defaults);
    expect(server.requestTimeout).toBe(defaults.HTTP_REQUEST_TIMEOUT_MS);
    expect(server.headersTimeout).toBeLessThanOrEqual(server.requestTimeout);
    expect(server.timeout).toBe(defaults.HTTP_IDLE_TIMEOUT_MS);
  });
});

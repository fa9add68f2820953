import type { Server } from 'node:http';
import { z } from 'zod';

/**
 * Node's HTTP server cuts a request that has not fully arrived after 5 minutes (`requestTimeout`):
 * a 200 MB declaration needs 27 minutes at 1 Mbit/s. The whole request gets an hour by default
 * (256 MiB, the largest declaration, at 0.6 Mbit/s); a client that sends nothing at all for the
 * idle timeout is cut sooner, so a dead connection does not hold its socket for that hour.
 */
export const httpTimeoutsShape = {
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(3_600_000),
  HTTP_IDLE_TIMEOUT_MS: z.coerce.number().int().positive().default(120_000),
};

export interface HttpTimeouts {
  HTTP_REQUEST_TIMEOUT_MS: number;
  HTTP_IDLE_TIMEOUT_MS: number;
}

/** Headers still have to arrive within a minute: only bodies are slow. */
const HEADERS_TIMEOUT_MS = 60_000;

export function applyHttpTimeouts(server: Server, timeouts: HttpTimeouts): void {
  server.requestTimeout = timeouts.HTTP_REQUEST_TIMEOUT_MS;
  server.headersTimeout = Math.min(HEADERS_TIMEOUT_MS, timeouts.HTTP_REQUEST_TIMEOUT_MS);
  server.setTimeout(timeouts.HTTP_IDLE_TIMEOUT_MS);
}

import { Counter, Histogram, register } from 'prom-client';
import type { NextFunction, Request, Response } from 'express';

const requests = new Counter({
  name: 'tks_http_requests_total',
  help: 'HTTP requests answered, by method, route pattern and status code',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [register],
});

const duration = new Histogram({
  name: 'tks_http_request_duration_seconds',
  help: 'Time to answer an HTTP request, by method and route pattern',
  labelNames: ['method', 'route'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [register],
});

/**
 * Counts each answered request under its route pattern (`/api/v1/filings/:filingId`), never the
 * raw path: ids in paths would make a series per filing. Unmatched paths share one label.
 */
export function httpMetrics(request: Request, response: Response, next: NextFunction): void {
  const stop = duration.startTimer();
  response.once('finish', () => {
    const route = routeOf(request);
    stop({ method: request.method, route });
    requests.inc({ method: request.method, route, status: String(response.statusCode) });
  });
  next();
}

function routeOf(request: Request): string {
  const route: unknown = (request as { route?: { path?: unknown } }).route?.path;
  return typeof route === 'string' ? `${request.baseUrl}${route}` : 'unmatched';
}

import { INestApplication } from '@nestjs/common';
import { json } from 'express';
import { buildOpenApiDocument } from './openapi-document';
import { ProblemFilter } from './problem.filter';

export const API_PREFIX = 'api/v1';
// Metrics and health sit where Prometheus and probes look for them, the console where people
// do: outside the versioned API.
export const HTTP_PREFIX_EXCLUDES = ['metrics', 'health/live', 'health/ready', 'console', 'console/:file'];

/**
 * JSON bodies are parsed with a small limit; declarations are not parsed here at all: the intake
 * streams them to the document store itself (see filings.controller.ts).
 */
export function configureHttp(app: INestApplication): void {
  app.setGlobalPrefix(API_PREFIX, { exclude: HTTP_PREFIX_EXCLUDES });
  app.use(json({ limit: '1mb', type: ['application/json'] }));
  app.useGlobalFilters(new ProblemFilter());
  const document = buildOpenApiDocument(app);
  const http = app.getHttpAdapter();
  http.get(`/${API_PREFIX}/openapi.json`, (_req: unknown, res: { json: (body: unknown) => void }) =>
    res.json(document),
  );
}

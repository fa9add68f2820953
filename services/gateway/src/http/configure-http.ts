import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json } from 'express';
import { ProblemFilter } from './problem.filter';

export const API_PREFIX = 'api/v1';

/**
 * JSON bodies are parsed with a small limit; declarations are not parsed here at all: the intake
 * streams them to the document store itself (see filings.controller.ts).
 */
export function configureHttp(app: INestApplication): void {
  // Metrics and health sit where Prometheus and probes look for them, the console where people
  // do: outside the versioned API.
  app.setGlobalPrefix(API_PREFIX, {
    exclude: ['metrics', 'health/live', 'health/ready', 'console', 'console/:file'],
  });
  app.use(json({ limit: '1mb', type: ['application/json'] }));
  app.useGlobalFilters(new ProblemFilter());
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('tks gateway')
      .setDescription('Tax filings over telecommunication channels: intake, status, documents and receipts.')
      .setVersion('1')
      // Issue 5: every filings and events call carries an API key (README, "API keys").
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'the API key' })
      .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }, 'api-key')
      .build(),
  );
  const http = app.getHttpAdapter();
  http.get(`/${API_PREFIX}/openapi.json`, (_req: unknown, res: { json: (body: unknown) => void }) =>
    res.json(document),
  );
}

import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { PROBLEM_SCHEMA_NAME, problemSchema } from './api-problems';

/**
 * The gateway's OpenAPI document, served at /api/v1/openapi.json and linted in `npm test`
 * (scripts/openapi-lint.sh) with Redocly's recommended rules.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('tks gateway')
      .setDescription('Tax filings over telecommunication channels: intake, status, documents and receipts.')
      .setVersion('1')
      .setLicense('UNLICENSED', 'https://choosealicense.com/no-permission/')
      // Relative: the document is served by the gateway it describes, wherever that runs.
      .addServer('/', 'this gateway')
      // Issue 5: every filings and events call carries an API key (README, "API keys").
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'the API key' })
      .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }, 'api-key')
      .build(),
    { operationIdFactory: (controller, method) => operationId(controller, method) },
  );
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, [PROBLEM_SCHEMA_NAME]: { ...problemSchema } as never },
  };
  describeErrorsAsProblems(document);
  return document;
}

/**
 * Every error answer leaves through ProblemFilter as application/problem+json, so a route's error
 * responses declared with a bare description (`@ApiConflictResponse(...)`) get that body too.
 */
function describeErrorsAsProblems(document: OpenAPIObject): void {
  const problem = { schema: { $ref: `#/components/schemas/${PROBLEM_SCHEMA_NAME}` } };
  for (const item of Object.values(document.paths)) {
    for (const operation of [item.get, item.put, item.post, item.delete, item.patch]) {
      for (const [status, response] of Object.entries(operation?.responses ?? {})) {
        if (Number(status) >= 400 && response && 'description' in response && !response.content) {
          response.content = { 'application/problem+json': problem };
        }
      }
    }
  }
}

/** `FilingsController.submit` → `filings_submit`: unique and stable across releases of the same routes. */
const operationId = (controller: string, method: string) =>
  `${controller.replace(/Controller$/, '').replace(/^./, (c) => c.toLowerCase())}_${method}`;

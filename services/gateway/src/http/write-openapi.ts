import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { NestFactory } from '@nestjs/core';
import { gatewayConfigSchema } from '../gateway.config';
import { GatewayModule } from '../gateway.module';
import { API_PREFIX, HTTP_PREFIX_EXCLUDES } from './configure-http';
import { buildOpenApiDocument } from './openapi-document';

/**
 * Writes the OpenAPI document without a database or a broker: Nest's preview mode builds the
 * module graph and the routes but instantiates no provider, so nothing connects.
 * Usage: node -r ./scripts/register-paths.js dist/services/gateway/src/http/write-openapi.js <out.json>
 */
async function main(out: string): Promise<void> {
  const config = gatewayConfigSchema.parse({
    DATABASE_URL: 'postgres://preview@127.0.0.1/preview',
    DOCUMENT_STORE_DIR: tmpdir(),
  });
  const app = await NestFactory.create(GatewayModule.register(config), { preview: true, logger: false });
  app.setGlobalPrefix(API_PREFIX, { exclude: HTTP_PREFIX_EXCLUDES });
  writeFileSync(out, JSON.stringify(buildOpenApiDocument(app), null, 2));
  await app.close();
}

main(process.argv[2] ?? 'openapi.json').catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

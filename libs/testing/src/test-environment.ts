import { Client } from 'pg';
import { randomBytes } from 'node:crypto';

/**
 * Addresses of the real infrastructure, as `npm test` exports them (see infra/env.sh). Tests start
 * nothing themselves; a missing setting is a set-up error, reported by name.
 */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through \`npm test\` (scripts/test.sh)`);
  return value;
}

export const testEnvironment = () => ({
  databaseUrl: requireEnv('DATABASE_URL'),
  kafkaBrokers: requireEnv('KAFKA_BROKERS').split(','),
  softhsmConf: requireEnv('SOFTHSM2_CONF'),
  pkcs11Library: requireEnv('PKCS11_LIBRARY'),
  tokenLabel: requireEnv('PKCS11_TOKEN_LABEL'),
  pinFile: requireEnv('PKCS11_PIN_FILE'),
  pkiDir: requireEnv('TKS_PKI_DIR'),
});

/** A name no other test run uses: for databases, namespaces and consumer groups. */
export const uniqueName = (prefix: string) =>
  `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;

/** The same URL pointing at another database on the same server. */
export function databaseUrlFor(baseUrl: string, database: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Drops a test's own database, even with the services' connections still open. */
export async function dropDatabase(baseUrl: string, database: string): Promise<void> {
  const admin = new Client({ connectionString: databaseUrlFor(baseUrl, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

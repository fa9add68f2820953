import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { ApiKeyRole } from './api-key.entity';

/**
 * Provisioning of API keys, shared by the key file read at start (API_KEYS_FILE) and the admin
 * command (api-key-admin.ts). Only SHA-256 hashes are stored or written to files.
 */
export type Query = (sql: string, parameters: unknown[]) => Promise<unknown>;

export const apiKeyRecordSchema = z.object({
  name: z.string().min(1).max(200),
  role: z.enum(['operator', 'client', 'inspector']),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  subscribers: z.array(z.string().min(1).max(46)).default([]),
  taxOfficeCodes: z.array(z.string().regex(/^\d{4}$/)).default([]),
  revoked: z.boolean().default(false),
});
export type ApiKeyRecord = z.infer<typeof apiKeyRecordSchema>;

/** A new random key: 32 bytes, base64url, prefixed so that it is recognisable in a leak scan. */
export const newApiKey = (): string => `tks_${randomBytes(32).toString('base64url')}`;

export function readApiKeysFile(path: string): ApiKeyRecord[] {
  const parsed = z.array(apiKeyRecordSchema).safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success)
    throw new Error(`API_KEYS_FILE ${path}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

/** Creates the key or replaces its hash, role and scope; keyed by name. */
export async function upsertApiKey(query: Query, record: ApiKeyRecord): Promise<void> {
  const role: ApiKeyRole = record.role;
  await query(
    `INSERT INTO gateway.api_keys (key_id, name, role, key_sha256, subscriber_ids, tax_office_codes, revoked_at)
     VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $7 THEN now() END)
     ON CONFLICT (name) DO UPDATE SET role = EXCLUDED.role, key_sha256 = EXCLUDED.key_sha256,
       subscriber_ids = EXCLUDED.subscriber_ids, tax_office_codes = EXCLUDED.tax_office_codes,
       revoked_at = CASE WHEN $7 THEN coalesce(gateway.api_keys.revoked_at, now()) END`,
    [
      randomUUID(),
      record.name,
      role,
      record.sha256,
      record.subscribers,
      record.taxOfficeCodes,
      record.revoked,
    ],
  );
}

/** Adds subscribers to a client key (e.g. after registering them for that client). */
export async function grantSubscribers(query: Query, name: string, subscribers: string[]): Promise<void> {
  await query(
    `UPDATE gateway.api_keys SET subscriber_ids =
       ARRAY(SELECT DISTINCT unnest(subscriber_ids || $2::text[])) WHERE name = $1`,
    [name, subscribers],
  );
}

/** Revokes the key: it stops authenticating at once; the row stays. */
export async function revokeApiKey(query: Query, name: string): Promise<void> {
  await query('UPDATE gateway.api_keys SET revoked_at = now() WHERE name = $1', [name]);
}

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { newApiKey, type ApiKeyRecord } from '../../src/access/api-key-records';
import { hashApiKey } from '../../src/access/principal';

/**
 * For tests that start a gateway: an API_KEYS_FILE (hashes only) and the keys it stands for.
 * `writeApiKeysFile(dir, { operator: { role: 'operator' } })` → `{ path, keys: { operator: 'tks_…' } }`.
 */
export async function writeApiKeysFile<Name extends string>(
  dir: string,
  entries: Record<Name, Omit<Partial<ApiKeyRecord>, 'name' | 'sha256'> & Pick<ApiKeyRecord, 'role'>>,
): Promise<{ path: string; keys: Record<Name, string> }> {
  const keys = {} as Record<Name, string>;
  const records = (Object.keys(entries) as Name[]).map((name) => {
    keys[name] = newApiKey();
    return { subscribers: [], taxOfficeCodes: [], ...entries[name], name, sha256: hashApiKey(keys[name]) };
  });
  const path = join(dir, 'api-keys.json');
  await writeFile(path, JSON.stringify(records, null, 2));
  return { path, keys };
}

import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { grantSubscribers, newApiKey, revokeApiKey, upsertApiKey } from './api-key-records';
import { hashApiKey } from './principal';

/**
 * Admin command for API keys, run against the gateway's database (DATABASE_URL):
 *
 *   node -r ./scripts/register-paths.js dist/services/gateway/src/access/api-key-admin.js \
 *     create --name NAME --role operator|client|inspector [--subscriber ID]... [--tax-office CODE]...
 *   ... grant --name NAME --subscriber ID...      adds subscribers to a client key
 *   ... revoke --name NAME
 *   ... hash                                      reads a key on stdin, prints its SHA-256 (for API_KEYS_FILE)
 *
 * `create` prints the key once, on stdout; only its hash is stored.
 */
async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      role: { type: 'string' },
      subscriber: { type: 'string', multiple: true, default: [] },
      'tax-office': { type: 'string', multiple: true, default: [] },
    },
  });
  const [command] = positionals;
  if (command === 'hash') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    process.stdout.write(`${hashApiKey(Buffer.concat(chunks).toString('utf8').trim())}\n`);
    return;
  }
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  if (!values.name) throw new Error('--name is required');
  const client = new Client({ connectionString: url });
  await client.connect();
  const query = (sql: string, parameters: unknown[]) => client.query(sql, parameters);
  try {
    if (command === 'create') {
      const role = values.role;
      if (role !== 'operator' && role !== 'client' && role !== 'inspector') {
        throw new Error('--role must be operator, client or inspector');
      }
      const key = newApiKey();
      await upsertApiKey(query, {
        name: values.name,
        role,
        sha256: hashApiKey(key),
        subscribers: values.subscriber,
        taxOfficeCodes: values['tax-office'],
        revoked: false,
      });
      process.stdout.write(`${key}\n`);
    } else if (command === 'grant') {
      await grantSubscribers(query, values.name, values.subscriber);
    } else if (command === 'revoke') {
      await revokeApiKey(query, values.name);
    } else {
      throw new Error('commands: create, grant, revoke, hash');
    }
  } finally {
    await client.end();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`api-key-admin: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

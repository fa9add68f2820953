import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { requireEnv } from './test-environment';

/**
 * The local S3-compatible store (infra/s3proxy, started by `npm test`) as a test uses it: its own
 * key prefix in the shared bucket, so tests run in any order and in parallel.
 */
export function objectStoreForTest(prefix: string) {
  const host = requireEnv('S3PROXY_HOST');
  const port = requireEnv('S3PROXY_PORT');
  const bucket = requireEnv('S3PROXY_BUCKET');
  const credentialsFile = requireEnv('S3PROXY_CREDENTIALS_FILE');
  const url = `s3://${bucket}/${prefix}?endpoint=http://${host}:${port}`;
  return {
    url,
    bucket,
    credentialsFile,
    /** The settings a spawned service needs to use it (the SDK reads the credential file). */
    serviceEnv: {
      DOCUMENT_STORE_URL: url,
      AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
      AWS_PROFILE: 'default',
    },
    /** The credential, for a client made inside the test process. */
    credentials: () => readCredentials(credentialsFile),
  };
}

function readCredentials(file: string): { accessKeyId: string; secretAccessKey: string } {
  const text = readFileSync(file, 'utf8');
  const value = (name: string) => {
    const found = new RegExp(`^${name}\\s*=\\s*(\\S+)\\s*$`, 'm').exec(text)?.[1];
    if (!found) throw new Error(`${file} has no ${name}`);
    return found;
  };
  return { accessKeyId: value('aws_access_key_id'), secretAccessKey: value('aws_secret_access_key') };
}

/**
 * `TKS_TEST_DOCUMENT_STORE=s3` (`npm run test:e2e:s3`) runs every spawned service on the local
 * S3Proxy instead of its directory: the test's own store directory names its key prefix, so the
 * services of one pipeline share a prefix and no two tests do.
 */
export function documentStoreEnvForTest(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const wanted = process.env.TKS_TEST_DOCUMENT_STORE ?? 'directory';
  if (wanted === 'directory' || env.DOCUMENT_STORE_URL) return {};
  if (wanted !== 's3') throw new Error(`TKS_TEST_DOCUMENT_STORE is ${wanted}: directory or s3`);
  const dir = env.DOCUMENT_STORE_DIR ?? process.env.DOCUMENT_STORE_DIR;
  if (!dir) throw new Error('TKS_TEST_DOCUMENT_STORE=s3 needs the test to name a DOCUMENT_STORE_DIR');
  return objectStoreForTest(basename(dir)).serviceEnv;
}

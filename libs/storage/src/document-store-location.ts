import { S3Client } from '@aws-sdk/client-s3';
import { DocumentBackend } from './document-backend';
import { LocalDirectoryBackend } from './local-directory-backend';
import { S3Backend } from './s3-backend';

export type DocumentStoreLocation =
  | { kind: 'directory'; root: string }
  | {
      kind: 's3';
      bucket: string;
      prefix: string;
      endpoint?: string;
      region: string;
      forcePathStyle: boolean;
      partSize: number;
    };

const MIN_PART_SIZE = 5 * 1024 * 1024; // S3's smallest multipart part

/**
 * Reads `DOCUMENT_STORE_URL`: `file:///abs/dir`, or
 * `s3://bucket[/prefix]?endpoint=http://host:port&region=…&forcePathStyle=true&partSize=bytes`.
 * Credentials never travel in it (they would reach logs with the setting): the AWS SDK's own
 * chain finds them (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_SHARED_CREDENTIALS_FILE with
 * AWS_PROFILE, or the machine's role). Throws a message that says what is wrong, not the value's secrets.
 */
export function parseDocumentStoreUrl(value: string, defaultRegion = 'us-east-1'): DocumentStoreLocation {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error('not a URL (file:///dir or s3://bucket/prefix?endpoint=…)');
  }
  if (url.username || url.password)
    throw new Error('credentials do not belong in the URL; use the AWS settings');
  if (url.protocol === 'file:') {
    if (url.host || !value.startsWith('file:///'))
      throw new Error('file: needs an absolute path, file:///dir');
    return { kind: 'directory', root: decodeURIComponent(url.pathname) };
  }
  if (url.protocol !== 's3:') throw new Error(`unknown scheme ${url.protocol} (file: or s3:)`);
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(url.hostname)) throw new Error('s3: needs a bucket name');
  const known = new Set(['endpoint', 'region', 'forcePathStyle', 'partSize']);
  for (const name of url.searchParams.keys())
    if (!known.has(name)) throw new Error(`unknown parameter ${name}`);
  const endpoint = url.searchParams.get('endpoint') ?? undefined;
  if (endpoint !== undefined && !/^https?:\/\/[^/]+\/?$/.test(endpoint)) {
    throw new Error('endpoint must be http(s)://host[:port]');
  }
  const partSize = Number(url.searchParams.get('partSize') ?? 8 * 1024 * 1024);
  if (!Number.isInteger(partSize) || partSize < MIN_PART_SIZE) {
    throw new Error(`partSize must be a whole number of bytes, at least ${MIN_PART_SIZE}`);
  }
  const path = decodeURIComponent(url.pathname).replace(/^\/+|\/+$/g, '');
  const style = url.searchParams.get('forcePathStyle');
  return {
    kind: 's3',
    bucket: url.hostname,
    prefix: path ? `${path}/` : '',
    ...(endpoint !== undefined ? { endpoint } : {}),
    region: url.searchParams.get('region') ?? defaultRegion,
    // S3-compatible servers on an address of their own take the bucket in the path.
    forcePathStyle: style === null ? endpoint !== undefined : style === 'true',
    partSize,
  };
}

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** Credentials are the SDK's default chain unless given (tests read the local S3Proxy's file). */
export function backendFor(location: DocumentStoreLocation, credentials?: S3Credentials): DocumentBackend {
  if (location.kind === 'directory') return new LocalDirectoryBackend(location.root);
  const client = new S3Client({
    ...(credentials ? { credentials } : {}),
    region: location.region,
    forcePathStyle: location.forcePathStyle,
    ...(location.endpoint !== undefined ? { endpoint: location.endpoint } : {}),
    // Checksums only where S3 requires them: S3-compatible servers (s3proxy) do not all accept
    // the SDK's default CRC32 trailers; the store verifies content by its SHA-256 address anyway.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return new S3Backend({
    client,
    bucket: location.bucket,
    prefix: location.prefix,
    partSize: location.partSize,
    endpoint: location.endpoint ?? `aws ${location.region}`,
  });
}

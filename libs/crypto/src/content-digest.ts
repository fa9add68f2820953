import { createHash } from 'node:crypto';
import { HashAlgorithmName, hashAlgorithmInfo } from './hash-algorithm';
import { createStreebogHash } from './gost-native';

/**
 * A message digest computed before signing or verifying. Large files (a declaration with attachments
 * can run to hundreds of megabytes) are hashed as a stream by the caller and only the digest travels to
 * the signer, so the content never has to sit in memory or pass through the token.
 */
export interface ContentDigest {
  readonly digest: Uint8Array;
  readonly hash: HashAlgorithmName;
}

/** What a detached signature covers: the content itself, or its precomputed digest. */
export type DetachedContent = Uint8Array | ContentDigest;

export function isContentDigest(content: DetachedContent): content is ContentDigest {
  return !(content instanceof Uint8Array);
}

/** Hashes a stream (e.g. fs.createReadStream) chunk by chunk via node:crypto: SHA, and Streebog with the GOST engine. */
export async function digestStream(
  chunks: AsyncIterable<Uint8Array>,
  hash: HashAlgorithmName = 'SHA-256',
): Promise<ContentDigest> {
  const { nodeName } = hashAlgorithmInfo(hash);
  if (nodeName === undefined) throw new RangeError(`${hash} cannot be streamed here; pass the content`);
  const hasher = nodeName.startsWith('md_gost') ? createStreebogHash(nodeName) : createHash(nodeName);
  for await (const chunk of chunks) {
    hasher.update(chunk);
  }
  return { digest: new Uint8Array(hasher.digest()), hash };
}

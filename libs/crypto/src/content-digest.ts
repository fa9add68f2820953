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

/**
 * Content read from its source when the digest is needed, so a declaration of hundreds of megabytes
 * is signed or verified without being held: the hash is the one the signature names, known only
 * once a client's signature is parsed.
 */
export interface StreamedContent {
  readonly stream: () => AsyncIterable<Uint8Array>;
}

/** What a detached signature covers: the content itself, its precomputed digest, or a stream of it. */
export type DetachedContent = Uint8Array | ContentDigest | StreamedContent;

export function isStreamedContent(content: DetachedContent): content is StreamedContent {
  return !(content instanceof Uint8Array) && typeof (content as StreamedContent).stream === 'function';
}

export function isContentDigest(content: DetachedContent): content is ContentDigest {
  return !(content instanceof Uint8Array) && !isStreamedContent(content);
}

/**
 * Streamed content as the bytes or the digest the signer and verifier take: hashed as it streams
 * where node:crypto can (SHA-2, Streebog with the GOST engine), else gathered for the engine's
 * digest (Streebog in JavaScript, the fallback without the engine, needs the whole content).
 */
export async function readDetachedContent(
  content: DetachedContent,
  hash: HashAlgorithmName,
): Promise<Uint8Array | ContentDigest> {
  if (!isStreamedContent(content)) return content;
  if (hashAlgorithmInfo(hash).nodeName !== undefined) return digestStream(content.stream(), hash);
  return gatherStreamedContent(content);
}

/** The whole of streamed content, for a digest that cannot be computed as it streams. */
export async function gatherStreamedContent(content: StreamedContent): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of content.stream()) chunks.push(Buffer.from(chunk));
  return new Uint8Array(Buffer.concat(chunks));
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

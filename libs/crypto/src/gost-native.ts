import {
  constants,
  createHash,
  createPrivateKey,
  createPublicKey,
  Hash,
  KeyObject,
  setEngine,
  sign,
  verify,
} from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isMainThread } from 'node:worker_threads';

/**
 * GOST R 34.10-2012 and Streebog in native code: OpenSSL's GOST engine (Debian
 * libengine-gost-openssl, the same one our tests verify against) loaded into Node's own OpenSSL
 * with crypto.setEngine. A signature costs about 0.1 ms of CPU instead of 5–15 ms in JavaScript,
 * and Streebog runs over 100 MB/s instead of about 11. Where the engine is missing (or
 * GOST_NATIVE_ENGINE=off), every caller falls back to the JavaScript library (gost-library.ts),
 * which stays as the second, independent implementation the tests compare against.
 *
 * GOST_NATIVE_ENGINE: unset (look in the usual engine directories and OPENSSL_ENGINES), a path to
 * gost.so, or `off`.
 */
const ENGINE_DIRS = [
  '/usr/lib/x86_64-linux-gnu/engines-3',
  '/usr/lib/aarch64-linux-gnu/engines-3',
  '/usr/lib64/engines-3',
  '/usr/lib/engines-3',
  '/usr/local/lib/engines-3',
];

// RFC 6986, example 1: Streebog-256 of the 63-byte message M1; the engine is used only if it agrees.
const M1 = '012345678901234567890123456789012345678901234567890123456789012';
const M1_STREEBOG_256 = '9d151eefd8590b89daa6ba6cb74af9275dd051026bb149a452fd84e5e57b5500';

let loaded: boolean | undefined;

function digestWorks(): boolean {
  try {
    return streebogHash('md_gost12_256').update(M1).digest('hex') === M1_STREEBOG_256;
  } catch {
    return false;
  }
}

/**
 * createHash for an engine's digest. Node first asks OpenSSL's providers, which do not know it,
 * then the engine, which does; the providers' refusal stays on OpenSSL's per-thread error queue,
 * and the next key import (any algorithm, anywhere in the process) would report it as its own
 * failure. A lookup that fails on purpose makes Node drain the queue.
 */
function streebogHash(name: string): Hash {
  const hash = createHash(name);
  try {
    createHash('tks-drain-openssl-errors');
  } catch {
    // Expected: the thrown error carries the stale entries away.
  }
  return hash;
}

/** A streaming Streebog hasher (node:crypto Hash) by its OpenSSL name; see nativeStreebogName. */
export function createStreebogHash(name: string): Hash {
  return streebogHash(name);
}

function enginePaths(setting: string | undefined): string[] {
  if (setting) return [setting];
  const dirs = process.env.OPENSSL_ENGINES ? [process.env.OPENSSL_ENGINES, ...ENGINE_DIRS] : ENGINE_DIRS;
  return dirs.map((dir) => join(dir, 'gost.so'));
}

/**
 * Whether native GOST is available in this process, loading the engine on first call. OpenSSL's
 * engine table is process-wide: a worker thread sees the engine its main thread loaded (and may not
 * load one itself).
 */
export function nativeGostAvailable(): boolean {
  if (loaded !== undefined) return loaded;
  const setting = process.env.GOST_NATIVE_ENGINE;
  if (setting === 'off') return (loaded = false);
  // The engine is loaded before any GOST name is asked for: a failed lookup leaves an error on
  // OpenSSL's queue, which the next key import would then report as its own.
  if (isMainThread) {
    for (const path of enginePaths(setting)) {
      if (!existsSync(path)) continue;
      try {
        setEngine(path, constants.ENGINE_METHOD_ALL);
        break;
      } catch {
        // Not an engine this OpenSSL can load: try the next place, else stay with JavaScript.
      }
    }
  }
  return (loaded = digestWorks());
}

/**
 * OpenSSL 3 decodes DER keys through its providers, which know nothing of an engine's algorithms;
 * the PEM path still asks the engine. Keys go in as PEM for that reason only.
 */
function pem(label: string, der: Uint8Array): string {
  const lines =
    Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

const digestName = (bits: 256 | 512) => (bits === 256 ? 'md_gost12_256' : 'md_gost12_512');

/** Streebog of `data`, or undefined without the engine. */
export function nativeStreebog(bits: 256 | 512, data: Uint8Array): ArrayBuffer | undefined {
  if (!nativeGostAvailable()) return undefined;
  const digest = streebogHash(digestName(bits)).update(data).digest();
  return digest.buffer.slice(digest.byteOffset, digest.byteOffset + digest.byteLength);
}

/** The name node:crypto's createHash knows Streebog by, for hashing a stream; undefined without the engine. */
export function nativeStreebogName(bits: 256 | 512): string | undefined {
  return nativeGostAvailable() ? digestName(bits) : undefined;
}

/** A private key (PKCS#8 DER) as the engine holds it, or undefined without the engine. */
export function nativeGostPrivateKey(pkcs8: Uint8Array): KeyObject | undefined {
  if (!nativeGostAvailable()) return undefined;
  return createPrivateKey(pem('PRIVATE KEY', pkcs8));
}

/** Signs `data` (hashed with Streebog of the key's length): the CMS signature value, as OpenSSL writes it. */
export function nativeGostSign(key: KeyObject, bits: 256 | 512, data: Uint8Array): ArrayBuffer {
  const signature = sign(digestName(bits), data, key);
  return signature.buffer.slice(signature.byteOffset, signature.byteOffset + signature.byteLength);
}

const publicKeys = new Map<string, KeyObject>();
const PUBLIC_KEY_CACHE = 1000;

/** Verifies a CMS signature value with a SubjectPublicKeyInfo (DER); undefined without the engine. */
export function nativeGostVerify(
  spki: Uint8Array,
  bits: 256 | 512,
  data: Uint8Array,
  signature: Uint8Array,
): boolean | undefined {
  if (!nativeGostAvailable()) return undefined;
  const id = Buffer.from(spki).toString('base64');
  let key = publicKeys.get(id);
  if (!key) {
    key = createPublicKey(pem('PUBLIC KEY', spki));
    // Certificates repeat (a subscriber files many times): keep the last thousand keys.
    if (publicKeys.size >= PUBLIC_KEY_CACHE) publicKeys.delete(publicKeys.keys().next().value as string);
    publicKeys.set(id, key);
  }
  return verify(digestName(bits), data, key, signature);
}

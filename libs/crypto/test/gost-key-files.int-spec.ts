import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  createGostEngine,
  CryptoError,
  GostOffload,
  GostSignPool,
  loadKeyFileIdentity,
  nativeGostAvailable,
  signDetached,
} from '@tks/crypto';
import { opensslSignerAlgorithms, opensslVerifyDetached } from '@tks/testing';

const run = promisify(execFile);
/** The pool runs compiled workers: integration tests run after the build (scripts/setup.sh). */
const workerFile = join(__dirname, '..', '..', '..', 'dist', 'libs', 'crypto', 'src', 'gost-sign-worker.js');

/**
 * GOST R 34.10-2012 key files as the OpenSSL GOST engine writes them, encrypted (PBES2, AES-256-CBC)
 * with a password from a file: read, signed with, checked by OpenSSL. And what the pool is for:
 * work that would hold the event loop (and a Kafka consumer's heartbeat) for long goes to a thread.
 */
describe('GOST key files', () => {
  let dir: string;
  let pool: GostSignPool;
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const files = () => ({
    keyFile: join(dir, 'key.pem'),
    certificateFile: join(dir, 'certificate.pem'),
    passwordFile: join(dir, 'password'),
  });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tks-gost-key-files-'));
    await writeFile(join(dir, 'password'), `${password}\n`, { mode: 0o600 });
    const gost = (args: string[]) => run('openssl', [args[0], '-engine', 'gost', ...args.slice(1)]);
    await gost(['genpkey', '-algorithm', 'gost2012_256', '-pkeyopt', 'paramset:A', '-aes-256-cbc',
      '-pass', `file:${join(dir, 'password')}`, '-out', join(dir, 'key.pem')]); // prettier-ignore
    await gost(['req', '-x509', '-new', '-key', join(dir, 'key.pem'), '-passin', `file:${join(dir, 'password')}`,
      '-md_gost12_256', '-days', '30', '-subj', '/CN=GOST key file/O=TKS/C=RU', '-out', join(dir, 'certificate.pem')]); // prettier-ignore
    await gost(['pkey', '-in', join(dir, 'key.pem'), '-passin', `file:${join(dir, 'password')}`,
      '-out', join(dir, 'plain.pem')]); // prettier-ignore
    pool = new GostSignPool({ size: 1, workerFile });
  });

  afterAll(async () => {
    await pool?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('reads an encrypted GOST key, signs on the pool, and OpenSSL verifies the signature', async () => {
    const identity = await loadKeyFileIdentity('operator', files());
    expect(identity.privateKey.algorithm.name).toBe('GOST R 34.10-2012-256');
    const content = randomBytes(100_000); // above the size whose Streebog digest goes to the pool
    const signature = await signDetached({
      content,
      certificate: identity.certificateDer,
      privateKey: identity.privateKey,
      engine: createGostEngine(pool),
      signingTime: new Date(),
      hash: 'GOST R 34.11-2012-256',
    });
    await writeFile(join(dir, 'content'), content);
    expect(await opensslVerifyDetached(content, signature, join(dir, 'certificate.pem'))).toMatchObject({
      ok: true,
    });
    expect(await opensslSignerAlgorithms(signature)).toMatchObject({ digest: '1.2.643.7.1.1.2.2' });
  });

  it('refuses a wrong password without quoting it or the key', async () => {
    const wrong = `not-${password}`;
    await writeFile(join(dir, 'wrong-password'), wrong);
    const error = await loadKeyFileIdentity('operator', {
      ...files(),
      passwordFile: join(dir, 'wrong-password'),
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CryptoError);
    expect(error).toMatchObject({ code: 'PRIVATE_KEY_DECRYPTION_FAILED' });
    expect(String((error as Error).message)).not.toContain(wrong);
    expect(String((error as Error).message)).not.toContain(password);
  });

  it('refuses a key kept unencrypted, and names a missing file', async () => {
    await expect(
      loadKeyFileIdentity('operator', { ...files(), keyFile: join(dir, 'plain.pem') }),
    ).rejects.toMatchObject({
      code: 'PRIVATE_KEY_NOT_ENCRYPTED',
    });
    await expect(
      loadKeyFileIdentity('operator', { ...files(), certificateFile: join(dir, 'none.pem') }),
    ).rejects.toMatchObject({
      code: 'KEY_FILE_UNREADABLE',
      message: expect.stringContaining(join(dir, 'none.pem')),
    });
  });

  it("keeps what is slow off the event loop: a large declaration's digest, and without the engine every signature", async () => {
    const identity = await loadKeyFileIdentity('operator', files());
    const calls: string[] = [];
    // The pool as the services use it, with each hand-off recorded.
    const offload: GostOffload = {
      sign: (key, data) => {
        calls.push('sign');
        return pool.sign(key, data);
      },
      digest: (length, data) => {
        calls.push(`digest ${data.byteLength}`);
        return pool.digest(length, data);
      },
    };
    const engine = createGostEngine(offload);
    const large = randomBytes(8 << 20);
    const contents = [randomBytes(4096), large, randomBytes(4096)];
    const signatures = await Promise.all(
      contents.map((content) =>
        signDetached({
          content,
          certificate: identity.certificateDer,
          privateKey: identity.privateKey,
          engine,
          signingTime: new Date(),
          hash: 'GOST R 34.11-2012-256',
        }),
      ),
    );
    // Streebog of 8 MiB takes ~70 ms natively and ~0.7 s in JavaScript: on a thread either way.
    expect(calls).toContain(`digest ${large.byteLength}`);
    // A signature costs ~0.1 ms natively (in-thread) and 5–15 ms in JavaScript (on the pool).
    expect(calls.filter((c) => c === 'sign')).toHaveLength(nativeGostAvailable() ? 0 : 3);
    await writeFile(join(dir, 'large'), large);
    expect(await opensslVerifyDetached(large, signatures[1], join(dir, 'certificate.pem'))).toMatchObject({
      ok: true,
    });
  });
});

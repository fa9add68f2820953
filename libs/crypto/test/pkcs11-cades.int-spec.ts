import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import * as graphene from 'graphene-pk11';
import * as iconv from 'iconv-lite';
import {
  CryptoError,
  HashAlgorithmName,
  Pkcs11SigningProvider,
  SigningIdentity,
  SoftwareSigningProvider,
  TokenLoginError,
  createSoftwareEngine,
  digestStream,
  openPkcs11Provider,
  signDetached,
  verifyDetached,
} from '@tks/crypto';
import { opensslVerifyDetached } from '@tks/testing';

/**
 * Signs on the real SoftHSM token that infra/softhsm/init-token.sh prepares, and checks the result with
 * OpenSSL as the independent verifier. Addresses come from the environment (source infra/env.sh).
 */
jest.setTimeout(60_000);

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: source infra/env.sh and run infra/softhsm/init-token.sh`);
  return value;
}

interface Outcome {
  readonly exitCode: number;
  readonly output: string;
}

function run(command: string, args: readonly string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(command, args, (error, stdout, stderr) => {
      const exitCode = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ exitCode, output: `${stdout}${stderr}` });
    });
  });
}

/** A declaration-like file as bookkeeping software writes it: XML in windows-1251. */
function declaration(): Buffer {
  const xml =
    '<?xml version="1.0" encoding="windows-1251"?>\n' +
    `<Файл ИдФайл="NO_USN_0087_0087_7707083893770701001_20250314_${randomBytes(16).toString('hex')}" ВерсФорм="5.08">` +
    '<Документ КНД="1152017" ДатаДок="14.03.2025" КодНО="0087"><СвНП><НПЮЛ НаимОрг="ООО &quot;Ромашка&quot;" ' +
    'ИННЮЛ="7707083893" КПП="770701001"/></СвНП></Документ></Файл>\n';
  return iconv.encode(xml, 'win1251');
}

describe('logging in to the PKCS#11 token', () => {
  const library = env('PKCS11_LIBRARY');
  const tokenLabel = env('PKCS11_TOKEN_LABEL');
  const readPin = async () => (await readFile(env('PKCS11_PIN_FILE'), 'utf8')).replace(/\r?\n$/, '');

  afterEach(() => jest.restoreAllMocks());

  it('refuses a wrong PIN after one C_Login with a TokenLoginError that does not contain the PIN', async () => {
    const login = jest.spyOn(graphene.Session.prototype, 'login');
    const wrongPin = `wrong-${randomBytes(6).toString('hex')}`;
    const error = await openPkcs11Provider({ library, tokenLabel, pin: wrongPin }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(TokenLoginError);
    expect(error).toMatchObject({ code: 'TOKEN_LOGIN_FAILED', pkcs11Code: 'CKR_PIN_INCORRECT', tokenLabel });
    expect(login).toHaveBeenCalledTimes(1);
    expect(inspect(error)).not.toContain(wrongPin);
    expect(JSON.stringify(error)).not.toContain(wrongPin);
    // The failed attempt released everything: the right PIN opens the token afterwards.
    const provider = await openPkcs11Provider({ library, tokenLabel, pin: await readPin() });
    await provider.close();
  });

  it('refuses to create keys on a provider opened read-only', async () => {
    const provider = await openPkcs11Provider({ library, tokenLabel, pin: await readPin() });
    try {
      await expect(provider.generateKeyPair('never-made')).rejects.toMatchObject({ code: 'TOKEN_READ_ONLY' });
    } finally {
      await provider.close();
    }
  });

  it('allows one provider per token, so that a second PIN cannot go unchecked', async () => {
    const provider = await openPkcs11Provider({ library, tokenLabel, pin: await readPin() });
    try {
      await expect(
        openPkcs11Provider({ library, tokenLabel, pin: 'wrong-pin-fixture' }),
      ).rejects.toMatchObject({
        code: 'TOKEN_IN_USE',
      });
    } finally {
      await provider.close();
    }
  });
});

describe('CAdES-BES on the PKCS#11 token', () => {
  const library = env('PKCS11_LIBRARY');
  const tokenLabel = env('PKCS11_TOKEN_LABEL');
  const pkiDir = env('TKS_PKI_DIR');
  // SoftHSM reads it when the library is initialised: it must be in the environment before open().
  env('SOFTHSM2_CONF');

  let provider: Pkcs11SigningProvider;
  let operator: SigningIdentity;
  let dir: string;
  const generatedLabel = `csr-test-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    const pin = (await readFile(env('PKCS11_PIN_FILE'), 'utf8')).replace(/\r?\n$/, '');
    provider = await openPkcs11Provider({ library, tokenLabel, pin, readWrite: true });
    operator = await provider.findSigningIdentity('operator');
    dir = await mkdtemp(join(tmpdir(), 'tks-crypto-'));
    await copyFile(join(pkiDir, 'test-ca.pem'), join(dir, 'test-ca.pem'));
  });

  afterAll(async () => {
    await provider?.deleteKeyPair(generatedLabel);
    await provider?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function opensslVerify(content: Buffer, signature: Buffer): Promise<Outcome> {
    const verdict = await opensslVerifyDetached(content, signature, join(dir, 'test-ca.pem'));
    return { exitCode: verdict.ok ? 0 : 1, output: verdict.output };
  }

  const sign = (identity: SigningIdentity, content: Buffer, hash?: HashAlgorithmName) =>
    signDetached({
      content,
      certificate: identity.certificateDer,
      privateKey: identity.privateKey,
      engine: provider.engine,
      signingTime: new Date(),
      hash,
    });

  /** Our own verifier, in software, beside OpenSSL. */
  const verifyOurs = async (content: Buffer, signature: Buffer) =>
    verifyDetached({
      signature,
      content,
      engine: createSoftwareEngine(),
      trustedCertificates: [await readFile(join(pkiDir, 'test-ca.pem'), 'utf8')],
      atTime: new Date(),
    });

  it('reports the GOST R 34.10-2012 mechanisms the module lacks (SoftHSM 2.6 as Debian builds it: all)', () => {
    const support = provider.gostSupport();
    // A module with the TC26 mechanisms would list them here; the services log either case at start.
    expect(support.offered.length + support.missing.length).toBe(4);
    if (library.includes('softhsm')) {
      expect(support).toMatchObject({ offered: [], signs256: false, signs512: false });
    }
  });

  it('finds the token by label, whatever its slot id', () => {
    expect(provider.tokenLabel).toBe(tokenLabel);
    expect(provider.slotIndex).toBeGreaterThanOrEqual(0);
    expect(operator.privateKey.algorithm.name).toBe('ECDSA');
  });

  it.each(['operator', 'tax-office'])(
    'signs a windows-1251 declaration with the %s key and OpenSSL verifies it',
    async (label) => {
      const identity = label === 'operator' ? operator : await provider.findSigningIdentity(label);
      const content = declaration();
      const signature = await sign(identity, content);

      const openssl = await opensslVerify(content, signature);
      expect(openssl.output).toContain('Verification successful');
      expect(openssl.exitCode).toBe(0);

      expect(await verifyOurs(content, signature)).toMatchObject({
        valid: true,
        reason: 'VALID',
        algorithm: { digest: 'SHA-256', signature: 'ECDSA' },
      });
    },
  );

  it.each(['SHA-384', 'SHA-512'] as const)(
    'signs over %s on the token (C_Sign over a digest made in software) and OpenSSL verifies it',
    async (hash) => {
      const content = declaration();
      const signature = await sign(operator, content, hash);
      expect((await opensslVerify(content, signature)).exitCode).toBe(0);
      expect(await verifyOurs(content, signature)).toMatchObject({
        valid: true,
        algorithm: { digest: hash, signature: 'ECDSA' },
      });
    },
  );

  it('signs a precomputed digest and OpenSSL verifies it against the content', async () => {
    const content = declaration();
    const digest = await digestStream(
      (async function* () {
        yield content;
      })(),
    );
    const signature = await signDetached({
      content: digest,
      certificate: operator.certificateDer,
      privateKey: operator.privateKey,
      engine: provider.engine,
      signingTime: new Date(),
    });
    expect((await opensslVerify(content, signature)).exitCode).toBe(0);
  });

  it('is rejected by OpenSSL and by verifyDetached when the content was altered', async () => {
    const content = declaration();
    const signature = await sign(operator, content);
    const altered = Buffer.from(content);
    altered[altered.length - 2] ^= 0x01;

    const openssl = await opensslVerify(altered, signature);
    expect(openssl.exitCode).not.toBe(0);
    expect(openssl.output).not.toContain('Verification successful');
    const ours = await verifyDetached({ signature, content: altered, engine: createSoftwareEngine() });
    expect(ours.reason).toBe('CONTENT_DIGEST_MISMATCH');
  });

  it('signs many documents at once on the one session without CKR_OPERATION_ACTIVE', async () => {
    const content = declaration();
    const signatures = await Promise.all(Array.from({ length: 40 }, () => sign(operator, content)));
    const engine = createSoftwareEngine();
    const results = await Promise.all(
      signatures.map((signature) => verifyDetached({ signature, content, engine })),
    );
    expect(results.every((result) => result.valid)).toBe(true);
  });

  it('names the tokens present when the label is unknown', async () => {
    const attempt = openPkcs11Provider({ library, tokenLabel: 'no-such-token', pin: 'unused-pin-fixture' });
    await expect(attempt).rejects.toMatchObject({ code: 'TOKEN_NOT_FOUND' });
    await expect(attempt).rejects.toThrow(`"${tokenLabel}"`);
  });

  it('generates a key pair on the token and returns a CSR that openssl req -verify accepts', async () => {
    const generated = await provider.generateKeyPair(generatedLabel, {
      subject: 'CN=Registry Test, O=TKS, C=RU',
    });
    expect(generated.csrPem).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----/);
    expect(generated.keyId).toMatch(/^[0-9a-f]+$/);

    const csrFile = join(dir, `${generatedLabel}.csr`);
    await writeFile(csrFile, generated.csrPem);
    const verified = await run('openssl', ['req', '-verify', '-noout', '-in', csrFile]);
    expect(verified.exitCode).toBe(0);
    expect(verified.output).toMatch(/verify OK/);
    const subject = await run('openssl', [
      'req',
      '-noout',
      '-subject',
      '-nameopt',
      'RFC2253',
      '-in',
      csrFile,
    ]);
    expect(subject.output.trim()).toBe('subject=C=RU,O=TKS,CN=Registry Test');

    await expect(provider.generateKeyPair(generatedLabel)).rejects.toMatchObject({ code: 'KEY_LABEL_TAKEN' });
    // No certificate yet: the key cannot sign for anyone until the CA's certificate is written.
    await expect(provider.findSigningIdentity(generatedLabel)).rejects.toBeInstanceOf(CryptoError);
  });

  it('measures the token sign rate against the full CMS rate', async () => {
    const data = new Uint8Array(32);
    const content = declaration();
    const rawSign = () => provider.engine.sign({ name: 'ECDSA', hash: 'SHA-256' }, operator.privateKey, data);
    const cmsSign = () => sign(operator, content);
    const rate = async (task: () => Promise<unknown>, count: number) => {
      const started = performance.now();
      for (let i = 0; i < count; i += 1) await task();
      return Math.round(count / ((performance.now() - started) / 1000));
    };
    await rate(rawSign, 20);
    await rate(cmsSign, 20);
    const raw = await rate(rawSign, 200);
    const cms = await rate(cmsSign, 200);
    process.stdout.write(`token ECDSA P-256: ${raw} raw signs/s, ${cms} CAdES-BES signatures/s\n`);
    expect(raw).toBeGreaterThan(0);
    expect(cms).toBeGreaterThan(0);
  });
});

describe('software keys from files', () => {
  it('signs with the test CA key read from TKS_PKI_DIR, and OpenSSL verifies it', async () => {
    const pkiDir = env('TKS_PKI_DIR');
    const provider = await SoftwareSigningProvider.fromFiles([
      {
        label: 'test-ca',
        privateKeyFile: join(pkiDir, 'test-ca.key'),
        certificateFile: join(pkiDir, 'test-ca.pem'),
      },
    ]);
    const identity = await provider.findSigningIdentity('test-ca');
    const content = declaration();
    const signature = await signDetached({
      content,
      certificate: identity.certificateDer,
      privateKey: identity.privateKey,
      engine: provider.engine,
      signingTime: new Date(),
    });
    const verdict = await opensslVerifyDetached(content, signature, join(pkiDir, 'test-ca.pem'));
    expect(verdict).toMatchObject({ ok: true });
  });
});

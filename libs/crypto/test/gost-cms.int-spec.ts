import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as pkijs from 'pkijs';
import {
  createGostEngine,
  importGostPrivateKey,
  signDetached,
  SoftwareSigningProvider,
  verifyDetached,
} from '@tks/crypto';
import { readSignedData } from '../src/cms-reader';
import { GOST_OID } from '../src/gost-parameters';

/**
 * GOST R 34.10-2012 CMS verification against the OpenSSL GOST engine (Debian libengine-gost-openssl),
 * the independent implementation: for every parameter set qualified certificates use, OpenSSL makes
 * the key, the self-signed certificate and a CAdES-BES signature (signing-certificate-v2 with a
 * Streebog certHash), and verifyDetached must accept it and refuse it tampered.
 */
function run(args: readonly string[]): Promise<{ exitCode: number; output: string }> {
  return new Promise((resolve) => {
    execFile('openssl', args, (error, stdout, stderr) => {
      const exitCode = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ exitCode, output: `${stdout}${stderr}` });
    });
  });
}

const PARAMETER_SETS = [
  ['gost2012_256', 'A', 'CryptoPro A'],
  ['gost2012_256', 'B', 'CryptoPro B'],
  ['gost2012_256', 'C', 'CryptoPro C'],
  ['gost2012_256', 'XA', 'CryptoPro XchA'],
  ['gost2012_256', 'XB', 'CryptoPro XchB'],
  ['gost2012_256', 'TCA', 'TC26 256 A'],
  ['gost2012_256', 'TCB', 'TC26 256 B'],
  ['gost2012_256', 'TCC', 'TC26 256 C'],
  ['gost2012_256', 'TCD', 'TC26 256 D'],
  ['gost2012_512', 'A', 'TC26 512 A'],
  ['gost2012_512', 'B', 'TC26 512 B'],
  ['gost2012_512', 'C', 'TC26 512 C'],
] as const;

describe('GOST R 34.10-2012 signatures made by the OpenSSL GOST engine', () => {
  let dir: string;
  const engine = createGostEngine();
  const content = Buffer.from(
    `<?xml version="1.0" encoding="windows-1251"?><Файл ${randomBytes(8).toString('hex')}/>`,
    'latin1',
  );

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tks-gost-'));
    await writeFile(join(dir, 'content.xml'), content);
    const engineCheck = await run(['engine', 'gost', '-c']);
    if (engineCheck.exitCode !== 0)
      throw new Error('the OpenSSL GOST engine is missing (apt libengine-gost-openssl)');
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function signWithOpenssl(
    algorithm: string,
    paramset: string,
  ): Promise<{ signature: Buffer; certificate: string }> {
    const bits = algorithm.endsWith('512') ? '512' : '256';
    const base = join(dir, `${algorithm}-${paramset}`);
    const made = await run([
      'req',
      '-x509',
      '-engine',
      'gost',
      '-newkey',
      algorithm,
      '-pkeyopt',
      `paramset:${paramset}`,
      '-nodes',
      '-keyout',
      `${base}.key`,
      '-out',
      `${base}.pem`,
      '-subj',
      `/CN=GOST ${paramset}/O=TKS Test/C=RU`,
      '-days',
      '2',
      `-md_gost12_${bits}`,
    ]);
    expect(made.exitCode).toBe(0);
    const signed = await run([
      'cms',
      '-sign',
      '-engine',
      'gost',
      '-binary',
      '-cades',
      '-md',
      `md_gost12_${bits}`,
      '-in',
      join(dir, 'content.xml'),
      '-signer',
      `${base}.pem`,
      '-inkey',
      `${base}.key`,
      '-outform',
      'DER',
      '-out',
      `${base}.p7s`,
    ]);
    expect(signed.exitCode).toBe(0);
    return { signature: await readFile(`${base}.p7s`), certificate: await readFile(`${base}.pem`, 'utf8') };
  }

  it.each(PARAMETER_SETS)(
    '%s paramset %s (%s): valid, and refused when content or signature is altered',
    async (algorithm, paramset) => {
      const bits = algorithm.endsWith('512') ? '512' : '256';
      const { signature, certificate } = await signWithOpenssl(algorithm, paramset);

      const valid = await verifyDetached({ signature, content, engine, trustedCertificates: [certificate] });
      expect(valid).toMatchObject({
        valid: true,
        reason: 'VALID',
        algorithm: { digest: `GOST R 34.11-2012-${bits}`, signature: `GOST R 34.10-2012-${bits}` },
      });

      const altered = Buffer.from(content);
      altered[altered.length - 3] ^= 0x01;
      expect(await verifyDetached({ signature, content: altered, engine })).toMatchObject({
        code: 4,
        reason: 'CONTENT_DIGEST_MISMATCH',
      });

      const tampered = Buffer.from(signature);
      tampered[tampered.length - 5] ^= 0x01; // inside the signature value: no unsigned attributes follow
      expect(await verifyDetached({ signature: tampered, content, engine })).toMatchObject({
        code: 5,
        reason: 'SIGNATURE_INVALID',
      });
    },
  );

  it('accepts the signature OID in SignerInfo as CryptoPro writes it, as well as the key OID OpenSSL writes', async () => {
    const { signature } = await signWithOpenssl('gost2012_256', 'A');
    expect(readSignedData(signature).signedData.signerInfos[0].signatureAlgorithm.algorithmId).toBe(
      GOST_OID.key256,
    );
    const { signedData } = readSignedData(signature);
    signedData.signerInfos[0].signatureAlgorithm = new pkijs.AlgorithmIdentifier({
      algorithmId: GOST_OID.signature256,
    });
    const rewritten = Buffer.from(
      new pkijs.ContentInfo({ contentType: '1.2.840.113549.1.7.2', content: signedData.toSchema() })
        .toSchema()
        .toBER(false),
    );
    expect(await verifyDetached({ signature: rewritten, content, engine })).toMatchObject({ valid: true });
  });

  it.each(['256', '512'])('computes Streebog-%s as OpenSSL does', async (bits) => {
    const data = randomBytes(1000 + Number(bits));
    await writeFile(join(dir, `data-${bits}`), data);
    const openssl = await run([
      'dgst',
      '-engine',
      'gost',
      `-md_gost12_${bits}`,
      '-r',
      join(dir, `data-${bits}`),
    ]);
    const expected = /^([0-9a-f]+) /m.exec(openssl.output)?.[1];
    const ours = Buffer.from(await engine.digest({ name: `GOST R 34.11-2012-${bits}` }, data)).toString(
      'hex',
    );
    expect(ours).toBe(expected);
  });

  it.each([
    ['gost2012_256', 'A'],
    ['gost2012_256', 'TCA'],
    ['gost2012_512', 'A'],
    ['gost2012_512', 'C'],
  ] as const)(
    'signs with a %s paramset %s key file, and OpenSSL verifies it under the GOST engine',
    async (algorithm, paramset) => {
      const bits = algorithm.endsWith('512') ? '512' : '256';
      await signWithOpenssl(algorithm, paramset); // makes the key and the certificate
      const base = join(dir, `${algorithm}-${paramset}`);
      const certificate = await readFile(`${base}.pem`, 'utf8');
      const privateKey = importGostPrivateKey(await readFile(`${base}.key`, 'utf8'), certificate);
      const signature = await signDetached({
        content,
        certificate,
        privateKey,
        engine,
        signingTime: new Date(),
        hash: `GOST R 34.11-2012-${bits}`,
      });
      await writeFile(`${base}-ours.p7s`, signature);
      const openssl = await run([
        'cms',
        '-verify',
        '-engine',
        'gost',
        '-binary',
        '-inform',
        'DER',
        '-in',
        `${base}-ours.p7s`,
        '-content',
        join(dir, 'content.xml'),
        '-CAfile',
        `${base}.pem`,
        '-purpose',
        'any',
        '-out',
        '/dev/null',
      ]);
      expect(openssl.output).toContain('Verification successful');
      expect(openssl.exitCode).toBe(0);
      expect(
        await verifyDetached({ signature, content, engine, trustedCertificates: [certificate] }),
      ).toMatchObject({ valid: true });
    },
  );

  it('signs with a GOST key file through the software-key provider, as a subscriber holds it', async () => {
    await signWithOpenssl('gost2012_256', 'TCB');
    const base = join(dir, 'gost2012_256-TCB');
    const provider = await SoftwareSigningProvider.fromFiles([
      { label: 'subscriber', privateKeyFile: `${base}.key`, certificateFile: `${base}.pem` },
    ]);
    const identity = await provider.findSigningIdentity('subscriber');
    const signature = await signDetached({
      content,
      certificate: identity.certificateDer,
      privateKey: identity.privateKey,
      engine: provider.engine,
      signingTime: new Date(),
      hash: 'GOST R 34.11-2012-256',
    });
    await writeFile(`${base}-provider.p7s`, signature);
    const openssl = await run([
      'cms',
      '-verify',
      '-engine',
      'gost',
      '-binary',
      '-inform',
      'DER',
      '-in',
      `${base}-provider.p7s`,
      '-content',
      join(dir, 'content.xml'),
      '-CAfile',
      `${base}.pem`,
      '-purpose',
      'any',
      '-out',
      '/dev/null',
    ]);
    expect(openssl.exitCode).toBe(0);
    await provider.close();
  });

  it('refuses a GOST key file that does not belong to the certificate', async () => {
    await signWithOpenssl('gost2012_256', 'B');
    await signWithOpenssl('gost2012_256', 'C');
    const key = await readFile(join(dir, 'gost2012_256-B.key'), 'utf8');
    const otherCertificate = await readFile(join(dir, 'gost2012_256-C.pem'), 'utf8');
    expect(() => importGostPrivateKey(key, otherCertificate)).toThrow(
      expect.objectContaining({ code: 'KEY_CERTIFICATE_MISMATCH' }),
    );
  });
});

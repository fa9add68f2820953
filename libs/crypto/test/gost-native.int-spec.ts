import { execFile } from 'node:child_process';
import { createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as asn1js from 'asn1js';
import { importGostPrivateKey, nativeGostAvailable, readCertificate } from '@tks/crypto';
import { GostEngine } from '../src/gost-library';
import { nativeGostSign, nativeGostVerify, nativeStreebog } from '../src/gost-native';
import { gostSign, gostSignAlgorithm, javascriptStreebog } from '../src/gost-sign';
import { gostParameterSet, gostPrivateKeyOf, nativeGostKeyOf } from '../src/gost-software-key';

const run = promisify(execFile);
const root = join(__dirname, '..', '..', '..');
const view = (b: ArrayBuffer) => Buffer.from(b).toString('hex');

/**
 * OpenSSL's GOST engine inside Node's OpenSSL (gost-native.ts) against the JavaScript library, the
 * implementation it replaces on the hot path: the same Streebog, signatures each one accepts from
 * the other, and no stale OpenSSL error left behind for the next key import.
 */
describe('native GOST through the OpenSSL engine', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tks-gost-native-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('is available where infra/apt.sh installed libengine-gost-openssl', () => {
    expect(nativeGostAvailable()).toBe(true);
  });

  it.each([0, 1, 63, 64, 65, 4096, 100_000])(
    'computes Streebog-256 and -512 of %i bytes as the JavaScript library does',
    (size) => {
      const data = randomBytes(size);
      for (const bits of [256, 512] as const) {
        const native = nativeStreebog(bits, data);
        expect(native && view(native)).toBe(view(javascriptStreebog(bits, new Uint8Array(data).buffer)));
      }
    },
  );

  it('leaves no OpenSSL error behind: an ECDSA key imports right after a Streebog digest', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' });
    nativeStreebog(256, randomBytes(10));
    expect(createPrivateKey(pem).asymmetricKeyType).toBe('ec');
  });

  it.each([
    ['gost2012_256', 'A'],
    ['gost2012_256', 'TCA'],
    ['gost2012_512', 'C'],
  ])(
    '%s paramset %s: native signatures verify in JavaScript, and JavaScript ones natively',
    async (algorithm, paramset) => {
      const base = join(dir, `${algorithm}-${paramset}`);
      const gost = (args: string[]) => run('openssl', [args[0], '-engine', 'gost', ...args.slice(1)]);
      await gost([
        'genpkey',
        '-algorithm',
        algorithm,
        '-pkeyopt',
        `paramset:${paramset}`,
        '-out',
        `${base}.key`,
      ]);
      await gost(['req', '-x509', '-new', '-key', `${base}.key`, '-subj', '/CN=native', '-days', '1', '-out', `${base}.pem`]); // prettier-ignore
      const certificatePem = await readFile(`${base}.pem`, 'utf8');
      const { certificate } = readCertificate(certificatePem);
      const handle = importGostPrivateKey(await readFile(`${base}.key`, 'utf8'), certificatePem);
      const key = gostPrivateKeyOf(handle);
      const native = nativeGostKeyOf(handle);
      if (!key || !native) throw new Error('the key was not imported for both implementations');
      const parameterSet = gostParameterSet(certificate.subjectPublicKeyInfo.algorithm);
      const bits = parameterSet.length;
      const data = randomBytes(300);
      const spki = new Uint8Array(certificate.subjectPublicKeyInfo.toSchema().toBER(false));
      const point = asn1js.fromBER(
        certificate.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView,
      ).result;
      if (!(point instanceof asn1js.OctetString)) throw new Error('GOST public key is not an OCTET STRING');
      const publicKey = point.valueBlock.valueHexView.slice().buffer;
      const javascriptVerify = (signature: ArrayBuffer, message: Uint8Array) =>
        GostEngine.getGostSign(gostSignAlgorithm(parameterSet)).verify(
          publicKey,
          signature,
          new Uint8Array(message).buffer,
        );

      const nativeSignature = nativeGostSign(native, bits, data);
      expect(javascriptVerify(nativeSignature, data)).toBe(true);
      expect(javascriptVerify(nativeSignature, randomBytes(300))).toBe(false);
      const javascriptSignature = gostSign(key, new Uint8Array(data).buffer);
      expect(nativeGostVerify(spki, bits, data, new Uint8Array(javascriptSignature))).toBe(true);
      const altered = new Uint8Array(javascriptSignature);
      altered[3] ^= 1;
      expect(nativeGostVerify(spki, bits, data, altered)).toBe(false);
    },
  );

  it('falls back to JavaScript with GOST_NATIVE_ENGINE=off', async () => {
    const script = `console.log(require('${join(root, 'dist', 'libs', 'crypto', 'src', 'gost-native.js')}').nativeGostAvailable())`;
    const { stdout } = await run(process.execPath, ['-e', script], {
      env: { ...process.env, GOST_NATIVE_ENGINE: 'off' },
    });
    expect(stdout.trim()).toBe('false');
  });
});

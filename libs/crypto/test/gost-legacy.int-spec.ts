import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as asn1js from 'asn1js';
import { createGostEngine, parseCertificate, verifyDetached } from '@tks/crypto';
import { gost94Digest, javascriptGost94, javascriptVerifyGost2001 } from '../src/gost-legacy';
import { readSignedData } from '../src/cms-reader';
import { gostParameterSet } from '../src/gost-software-key';

const run = promisify(execFile);

/**
 * GOST R 34.10-2001 with 34.11-94, the algorithms of archived containers: signatures OpenSSL's GOST
 * engine makes with keys it generates verify here (natively and in JavaScript), DER and BER, plain
 * CMS and CAdES, and are reported as legacy algorithms.
 */
describe('legacy GOST R 34.10-2001 / 34.11-94 signatures', () => {
  let dir: string;
  let certificate: string;
  let key: string;
  const engine = createGostEngine();
  const content = Buffer.from(`<?xml version="1.0"?><Файл ИдФайл="${randomBytes(6).toString('hex')}"/>`);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tks-gost2001-'));
    certificate = join(dir, 'cert.pem');
    key = join(dir, 'key.pem');
    await run('openssl', [
      'req', '-x509', '-engine', 'gost', '-newkey', 'gost2001', '-pkeyopt', 'paramset:A', '-nodes',
      '-keyout', key, '-out', certificate, '-subj', '/CN=Archive signer 2013/C=RU', '-days', '2', '-md_gost94',
    ]); // prettier-ignore
    await writeFile(join(dir, 'content.xml'), content);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function opensslSign(extra: readonly string[]): Promise<Buffer> {
    const out = join(dir, `${randomBytes(4).toString('hex')}.p7s`);
    await run('openssl', [
      'cms', '-sign', '-engine', 'gost', '-binary', '-md', 'md_gost94', '-in', join(dir, 'content.xml'),
      '-signer', certificate, '-inkey', key, '-outform', 'DER', '-out', out, ...extra,
    ]); // prettier-ignore
    return readFile(out);
  }

  it('computes GOST R 34.11-94 natively as the JavaScript library does, and as openssl dgst does', async () => {
    for (const size of [0, 1, 31, 32, 33, 1000]) {
      const data = randomBytes(size);
      expect(Buffer.from(gost94Digest(data))).toEqual(Buffer.from(javascriptGost94(data)));
    }
    // GOST R 34.11-94 with the CryptoPro S-box, the empty message (the published test vector).
    expect(Buffer.from(gost94Digest(new Uint8Array(0))).toString('hex')).toBe(
      '981e5f3ca30c841487830f84fb433e13ac1101569b9c13584ac483234cd656c0',
    );
    const { stdout } = await run('openssl', [
      'dgst',
      '-engine',
      'gost',
      '-md_gost94',
      join(dir, 'content.xml'),
    ]);
    expect(stdout).toContain(Buffer.from(javascriptGost94(content)).toString('hex'));
  });

  it.each([
    ['plain CMS, DER', []],
    ['CAdES (signing-certificate-v2), DER', ['-cades']],
  ])('verifies a detached %s signature OpenSSL made, reported as legacy', async (_name, extra) => {
    const signature = await opensslSign(extra);
    const result = await verifyDetached({
      signature,
      content,
      engine,
      requireSigningCertificate: false,
      allowLegacyAlgorithms: true,
    });
    expect(result).toMatchObject({ valid: true, reason: 'VALID', legacyAlgorithm: true });
    expect(result.algorithm).toEqual({ digest: 'GOST R 34.11-94', signature: 'GOST R 34.10-2001' });
    const altered = Buffer.concat([content, Buffer.from(' ')]);
    const refused = await verifyDetached({
      signature,
      content: altered,
      engine,
      requireSigningCertificate: false,
      allowLegacyAlgorithms: true,
    });
    expect(refused).toMatchObject({ valid: false, reason: 'CONTENT_DIGEST_MISMATCH', legacyAlgorithm: true });
  });

  it('requires signing-certificate unless told otherwise: a plain CMS signature is not CAdES-BES', async () => {
    const signature = await opensslSign([]);
    expect(await verifyDetached({ signature, content, engine, allowLegacyAlgorithms: true })).toMatchObject({
      valid: false,
      reason: 'SIGNING_CERT_ATTR_MISSING',
    });
  });

  it('refuses them unless told they are archives: no new filing is signed with them', async () => {
    const signature = await opensslSign(['-cades']);
    expect(await verifyDetached({ signature, content, engine })).toMatchObject({
      valid: false,
      reason: 'UNSUPPORTED_ALGORITHM',
      legacyAlgorithm: true,
    });
  });

  it('verifies a BER (indefinite length) detached signature, which OpenSSL verifies too', async () => {
    const ber = detachBer(await opensslSign(['-stream']));
    expect(ber[1]).toBe(0x80);
    const file = join(dir, 'ber.p7s');
    await writeFile(file, ber);
    await run('openssl', [
      'cms', '-verify', '-engine', 'gost', '-binary', '-inform', 'DER', '-in', file,
      '-content', join(dir, 'content.xml'), '-noverify', '-out', '/dev/null',
    ]); // prettier-ignore
    const result = await verifyDetached({
      signature: ber,
      content,
      engine,
      requireSigningCertificate: false,
      allowLegacyAlgorithms: true,
    });
    expect(result).toMatchObject({ valid: true, legacyAlgorithm: true });
  });

  it('the JavaScript 34.10-2001 accepts what OpenSSL signed and refuses an altered signature', async () => {
    const { signedData } = readSignedData(await opensslSign([]));
    const signerInfo = signedData.signerInfos[0];
    const cert = parseCertificate(await readFile(certificate, 'utf8'));
    const spki = cert.subjectPublicKeyInfo;
    const point = asn1js.fromBER(spki.subjectPublicKey.valueBlock.valueHexView).result;
    if (!(point instanceof asn1js.OctetString)) throw new Error('no key');
    const signed = new Uint8Array(signerInfo.signedAttrs?.encodedValue ?? new ArrayBuffer(0));
    const value = new Uint8Array(signerInfo.signature.valueBlock.valueHexView);
    const parameterSet = gostParameterSet(spki.algorithm);
    const publicKey = point.valueBlock.valueHexView;
    expect(javascriptVerifyGost2001(publicKey, parameterSet, signed, value)).toBe(true);
    value[5] ^= 1;
    expect(javascriptVerifyGost2001(publicKey, parameterSet, signed, value)).toBe(false);
  });
});

/** OpenSSL writes BER (indefinite lengths) only with the content attached; this drops eContent. */
function detachBer(ber: Buffer): Buffer {
  const parsed = asn1js.fromBER(new Uint8Array(ber));
  const contentInfo = parsed.result as asn1js.Sequence;
  const signedData = (contentInfo.valueBlock.value[1] as asn1js.Constructed).valueBlock
    .value[0] as asn1js.Sequence;
  const encapsulated = signedData.valueBlock.value[2] as asn1js.Sequence;
  encapsulated.valueBlock.value.splice(1, 1);
  return Buffer.from(contentInfo.toBER(false));
}

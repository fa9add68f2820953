import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';
import * as pkijs from 'pkijs';
import { createGostEngine } from '@tks/crypto';
import { testEnvironment } from '@tks/testing';
import { checkCertificateStatus, loadTrustAnchors, readQualifiedCertificate, TrustAnchors } from '../src';

const run = promisify(execFile);
const script = join(__dirname, '..', '..', '..', 'infra', 'pki', 'issue-test-certificate.sh');

/**
 * Subscribers' GOST R 34.10-2012 certificates from the GOST test CA (infra/pki): the chain and the
 * CA's CRL verify only with the GOST engine passed in; WebCrypto alone cannot tell them from forgeries.
 */
describe('the status of GOST-signed qualified certificates', () => {
  const env = testEnvironment();
  let dir: string;
  let anchors: TrustAnchors;
  const issue = async (bits: '256' | '512') => {
    const out = join(dir, bits);
    await run(
      script,
      [
        '--cn',
        `GOST ${bits}`,
        '--org',
        'ПАО Сбербанк',
        '--innle',
        '7707083893',
        '--ogrn',
        '1027700132195',
        '--gost',
        bits,
        '--out',
        out,
      ],
      { env: { ...process.env, TKS_PKI_DIR: env.pkiDir } },
    );
    return readQualifiedCertificate(await readFile(join(out, 'certificate.pem'), 'utf8'));
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tks-gost-status-'));
    await issue('256');
    anchors = await loadTrustAnchors(join(env.pkiDir, 'gost'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it.each(['256', '512'] as const)(
    'reports a GOST %s certificate of the GOST test CA valid, with its identity',
    async (bits) => {
      const certificate = await issue(bits);
      expect(certificate.publicKeyAlgorithm).toBe(bits === '256' ? '1.2.643.7.1.1.1.1' : '1.2.643.7.1.1.1.2');
      expect(certificate.identity).toMatchObject({ innLe: '7707083893', ogrn: '1027700132195' });
      const result = await checkCertificateStatus(certificate.x509, anchors, new Date(), createGostEngine());
      expect(result).toMatchObject({ status: 'valid' });
      expect(result.chain).toEqual([certificate.subject, 'C=RU, O=TKS, CN=TKS Test CA GOST']);
    },
  );

  it('reports an altered GOST certificate as signature-invalid', async () => {
    const certificate = await issue('256');
    const der = Buffer.from(certificate.der);
    // A byte of the serial number: the TBS changes, the CA's signature no longer covers it.
    der[15] ^= 1;
    const result = await checkCertificateStatus(
      new x509.X509Certificate(der),
      anchors,
      new Date(),
      createGostEngine(),
    );
    expect(result.status).toBe('signature-invalid');
  });

  it('verifies GOST by default, and cannot with an engine that knows only WebCrypto', async () => {
    const certificate = await issue('256');
    expect((await checkCertificateStatus(certificate.x509, anchors, new Date())).status).toBe('valid');
    const webCryptoOnly = new pkijs.CryptoEngine({ name: 'webcrypto', crypto: webcrypto });
    expect((await checkCertificateStatus(certificate.x509, anchors, new Date(), webCryptoOnly)).status).toBe(
      'signature-invalid',
    );
  });
});

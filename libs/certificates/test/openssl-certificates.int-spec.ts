import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GostKeyOid, readQualifiedCertificate } from '../src';

const run = promisify(execFile);

/**
 * Certificates made by OpenSSL, not by our own code, with the Russian identity attributes and the
 * signing-tool extensions: ECDSA, and GOST R 34.10-2012 with the GOST engine
 * (Debian libengine-gost-openssl). Parsing needs no GOST arithmetic.
 */
const config = `
oid_section = new_oids
[new_oids]
INNLE = 1.2.643.100.4
[req]
distinguished_name = dn
prompt = no
string_mask = utf8only
x509_extensions = ext
[dn]
CN = placeholder
[ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation
1.2.643.100.111 = ASN1:FORMAT:UTF8,UTF8String:СКЗИ «КриптоПро CSP» (версия 5.0)
1.2.643.100.112 = ASN1:SEQUENCE:tools
[tools]
a = FORMAT:UTF8,UTF8String:ПАКМ «КриптоПро HSM»
b = FORMAT:UTF8,UTF8String:ПАК «КриптоПро УЦ»
c = FORMAT:UTF8,UTF8String:Сертификат СФ/124-3966
d = FORMAT:UTF8,UTF8String:Сертификат СФ/128-3868
`;
// FORMAT:UTF8 makes OpenSSL read the text as UTF-8 (without it, it encodes each byte as a character).
// OpenSSL knows INN, OGRN and SNILS and writes them as NumericString; INNLE it writes as UTF8String.
const subject = '/CN=ООО Ромашка/INNLE=7707083893/OGRN=1027700132195/SNILS=11223344595/INN=007707083893';

describe('certificates made by OpenSSL', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tks-openssl-certs-'));
    await writeFile(join(dir, 'req.cnf'), config);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const make = async (name: string, keyArgs: string[]) => {
    const out = join(dir, `${name}.pem`);
    await run('openssl', [
      'req',
      '-x509',
      ...keyArgs,
      '-nodes',
      '-keyout',
      join(dir, `${name}.key`),
      '-out',
      out,
      '-days',
      '365',
      '-config',
      join(dir, 'req.cnf'),
      '-utf8',
      '-subj',
      subject,
    ]);
    return readFile(out);
  };

  const expectRussianFields = (pem: Buffer) => {
    const certificate = readQualifiedCertificate(pem);
    expect(certificate.identity).toEqual({
      innLe: '7707083893',
      ogrn: '1027700132195',
      snils: '11223344595',
      inn: '007707083893',
    });
    expect(certificate.subjectSignTool).toBe('СКЗИ «КриптоПро CSP» (версия 5.0)');
    expect(certificate.issuerSignTools).toEqual([
      'ПАКМ «КриптоПро HSM»',
      'ПАК «КриптоПро УЦ»',
      'Сертификат СФ/124-3966',
      'Сертификат СФ/128-3868',
    ]);
    expect(certificate.canSign).toBe(true);
    return certificate;
  };

  it('parses an ECDSA certificate with the Russian identity attributes and extensions', async () => {
    const pem = await make('ecdsa', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']);
    expect(expectRussianFields(pem).publicKeyAlgorithm).toBe('1.2.840.10045.2.1');
  });

  it('parses a GOST R 34.10-2012 certificate made with the OpenSSL GOST engine', async () => {
    const pem = await make('gost', ['-engine', 'gost', '-newkey', 'gost2012_256', '-pkeyopt', 'paramset:A']);
    const certificate = expectRussianFields(pem);
    expect(certificate.publicKeyAlgorithm).toBe(GostKeyOid.gost2012_256);
    expect(certificate.notAfter.getTime()).toBeGreaterThan(Date.now());
  });
});

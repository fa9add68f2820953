import { createSoftwareEngine, signDetached } from '@tks/crypto';
import {
  createTestCa,
  issueCertificate,
  SIGNING_TIME,
  TestIdentity,
} from '../../../../libs/crypto/src/testing/test-pki';
import { buildUsnDeclaration } from '../../../../libs/xml/src/fixtures';
import { servedTaxOffices } from './served-tax-offices';
import { runTaxOfficeChecks, TaxOfficeCheckContext } from './tax-office-checks';

describe('runTaxOfficeChecks', () => {
  const engine = createSoftwareEngine();
  let ca: TestIdentity;
  let taxpayer: TestIdentity;
  let context: TaxOfficeCheckContext;

  beforeAll(async () => {
    ca = await createTestCa();
    taxpayer = await issueCertificate(ca, { subject: 'CN=Taxpayer, O=TKS, C=RU' });
    context = { engine, trustedCertificates: [ca.der], serves: servedTaxOffices([]) };
  });

  const sign = (content: Buffer, signer = taxpayer) =>
    signDetached({
      content,
      certificate: signer.der,
      privateKey: signer.keys.privateKey,
      engine,
      signingTime: SIGNING_TIME,
    });
  const company = { inn: '7707083893', kpp: '773601001', taxOfficeCode: '7736' };
  const check = async (declaration: Buffer, signature: Buffer, fileName: string) =>
    runTaxOfficeChecks(
      { declaration, signature, declarationFileName: fileName, receivedAt: SIGNING_TIME },
      context,
    );

  it('accepts a declaration signed by a trusted certificate, addressed to a served tax office', async () => {
    const d = buildUsnDeclaration(company);
    const result = await check(d.bytes, await sign(d.bytes), d.fileName);
    expect(result.refusals).toEqual([]);
    expect(result.signature).toMatchObject({ valid: true, reason: 'VALID' });
    expect(result.header?.formCode).toBe('1152017');
  });

  it('refuses with 0100100004 when the signature does not match the declaration bytes', async () => {
    const d = buildUsnDeclaration(company);
    const other = buildUsnDeclaration(company);
    const result = await check(d.bytes, await sign(other.bytes), d.fileName);
    expect(result.refusals.map((r) => r.code)).toEqual(['0100100004']);
    expect(result.signature.reason).toBe('CONTENT_DIGEST_MISMATCH');
  });

  it('refuses with 0100100000 when the signer chains to no trusted CA', async () => {
    const strangerCa = await createTestCa('CN=Stranger CA, C=RU');
    const stranger = await issueCertificate(strangerCa, { subject: 'CN=Stranger, C=RU' });
    const d = buildUsnDeclaration(company);
    const result = await check(d.bytes, await sign(d.bytes, stranger), d.fileName);
    expect(result.refusals.map((r) => r.code)).toEqual(['0100100000']);
    expect(result.signature.reason).toBe('CERT_UNTRUSTED');
  });

  it('refuses with 0100100000 a valid signature whose certificate is not registered for the taxpayer', async () => {
    const d = buildUsnDeclaration(company);
    const asked: string[] = [];
    const result = await runTaxOfficeChecks(
      {
        declaration: d.bytes,
        signature: await sign(d.bytes),
        declarationFileName: d.fileName,
        receivedAt: SIGNING_TIME,
        authoriseSigner: async (certificate) => {
          asked.push(
            certificate.subject.typesAndValues.map((t) => String(t.value.valueBlock.value)).join(','),
          );
          return { ok: false, reason: 'not registered with the tax authority for 2TK-…' };
        },
      },
      context,
    );
    expect(asked).toEqual(['Taxpayer,TKS,RU']);
    expect(result.refusals.map((r) => r.code)).toEqual(['0100100000']);
    expect(result.signature).toMatchObject({ valid: false, reason: 'VALID' });
    expect(result.signature.detail).toContain("not the taxpayer's signer");
  });

  it('accepts a signer the register authorises', async () => {
    const d = buildUsnDeclaration(company);
    const result = await runTaxOfficeChecks(
      {
        declaration: d.bytes,
        signature: await sign(d.bytes),
        declarationFileName: d.fileName,
        receivedAt: SIGNING_TIME,
        authoriseSigner: async () => ({ ok: true }),
      },
      context,
    );
    expect(result.refusals).toEqual([]);
  });

  it('refuses with 0100200001 a filing for the reserved test tax office 9999', async () => {
    const d = buildUsnDeclaration({ ...company, taxOfficeCode: '9999' });
    const result = await check(d.bytes, await sign(d.bytes), d.fileName);
    expect(result.refusals.map((r) => r.code)).toEqual(['0100200001']);
  });

  it('refuses with 0100200001 a code outside an explicit TAX_OFFICE_CODES list', async () => {
    const d = buildUsnDeclaration(company);
    const result = await runTaxOfficeChecks(
      {
        declaration: d.bytes,
        signature: await sign(d.bytes),
        declarationFileName: d.fileName,
        receivedAt: SIGNING_TIME,
      },
      { ...context, serves: servedTaxOffices(['7701']) },
    );
    expect(result.refusals.map((r) => r.code)).toEqual(['0100200001']);
  });

  it('refuses with 0400400007 a file not named after its ИдФайл, listing every reason found', async () => {
    const d = buildUsnDeclaration({ ...company, taxOfficeCode: '9999' });
    const result = await check(d.bytes, await sign(d.bytes), 'declaration.xml');
    expect(result.refusals.map((r) => r.code)).toEqual(['0100200001', '0400400007']);
  });

  it('refuses with 0300300001 a declaration whose header cannot be read', async () => {
    const bytes = Buffer.from('<?xml version="1.0" encoding="UTF-8"?><Файл/>', 'utf8');
    const result = await check(bytes, await sign(bytes), 'x.xml');
    expect(result.header).toBeNull();
    expect(result.refusals.map((r) => r.code)).toEqual(['0300300001']);
  });
});

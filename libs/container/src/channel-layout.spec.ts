import { gzipSync } from 'node:zlib';
import * as iconv from 'iconv-lite';
import { createSoftwareEngine, signDetached } from '@tks/crypto';
import { validateAgainstXsd } from '@tks/xml';
import { buildUsnDeclaration } from '../../xml/src/fixtures';
import {
  createTestCa,
  issueCertificate,
  SIGNING_TIME,
  TestIdentity,
} from '../../crypto/src/testing/test-pki';
import { descriptionSchemaPath } from './description-schema';
import { openContainer } from './open-container';
import { sealContainer, SealRequest } from './seal-container';
import { readZip, writeZip } from './zip-archive';

const engine = createSoftwareEngine();
const company = buildUsnDeclaration({ inn: '7707083893', kpp: '773601001', taxOfficeCode: '7736' });
const person = buildUsnDeclaration({
  person: { lastName: 'Петрова', firstName: 'Анна' },
  taxOfficeCode: '7736',
});

/**
 * The layout of the channel (domain README, "What real containers look like") as tks writes it,
 * and the older layout (gzip, named files) it still reads.
 */
describe('the transport container in the channel layout', () => {
  let signer: TestIdentity;
  let ca: TestIdentity;
  beforeAll(async () => {
    ca = await createTestCa();
    signer = await issueCertificate(ca, { subject: 'CN=Taxpayer, O=Test, C=RU' });
  });
  const sign = (content: Buffer) =>
    signDetached({
      content,
      certificate: signer.der,
      privateKey: signer.keys.privateKey,
      engine,
      signingTime: SIGNING_TIME,
    });

  const request = async (declaration = company): Promise<SealRequest> => ({
    senderId: '2TK-0123456789abcdef0123456789abcdef',
    recipientId: '7736',
    operatorId: '2TK',
    docflowId: 'c875747bccfa42aba1b2d8872e7a117f',
    docflowCode: '01',
    transactionCode: '01',
    programVersion: 'tks 0.1.0',
    documents: [
      {
        typeCode: '01',
        fileName: declaration.fileName,
        content: declaration.bytes,
        signatures: [{ data: await sign(declaration.bytes), role: 'абонент' }],
      },
    ],
  });

  it('compresses each document as a ZIP archive of that one file, named <32 hex>.bin', async () => {
    const sealed = await sealContainer(await request());
    const files = new Map((await readZip(sealed.archive)).map((f) => [f.name, f.data]));
    const [declaration] = sealed.description.documents;
    expect(declaration.contentFileName).toMatch(/^[0-9a-f]{32}\.bin$/);
    const content = files.get(declaration.contentFileName ?? '') ?? Buffer.alloc(0);
    expect(content.subarray(0, 4)).toEqual(Buffer.from('PK\x03\x04', 'latin1'));
    const inner = await readZip(content);
    expect(inner).toHaveLength(1);
    expect(inner[0]).toEqual({ name: company.fileName, data: company.bytes });
  });

  it('adds the описание TR_DEKL.xml and ДопСв (СвОтпр, СвПолДок) to a declaration, valid by the official schema', async () => {
    const sealed = await sealContainer(await request());
    const description = sealed.description.documents.find((d) => d.typeCode === '02');
    expect(description).toMatchObject({
      typeName: 'описание',
      originalFileName: 'TR_DEKL.xml',
      compressed: true,
      encrypted: false,
      signatures: [],
    });
    const files = new Map((await readZip(sealed.archive)).map((f) => [f.name, f.data]));
    const text = iconv.decode(files.get('packageDescription.xml') ?? Buffer.alloc(0), 'win1251');
    expect(text).toMatch(
      /<ДопСв>\s*<СвОтпр E-mail="2TK-0123456789abcdef0123456789abcdef">\s*<ОтпрЮЛ ИННЮЛ="7707083893" КПП="773601001" НаимОрг="[^"]+"\/>/,
    );
    expect(text).toMatch(/<СвПолДок>\s*<ОтпрНО КодНО="7736"\/>/);
    expect(validateAgainstXsd(text, descriptionSchemaPath())).toMatchObject({ ok: true });
    const opened = await openContainer(sealed.archive, { trustedCertificates: [ca.der] });
    expect(opened.valid).toBe(true);
    const summary = iconv.decode(opened.documents[1].content ?? Buffer.alloc(0), 'win1251');
    expect(summary).toContain('<КНДФормы>1152017</КНДФормы>');
    expect(summary).toContain('<видДокумента>первичный</видДокумента>');
    expect(summary).toContain('<НОПоМестуУчета>7736</НОПоМестуУчета>');
    expect(opened.description.additional).toMatchObject({
      sender: { kind: 'organization', inn: '7707083893', kpp: '773601001' },
      taxOffice: { code: '7736' },
    });
  });

  it('names a person as ОтпрФЛ with ФИО', async () => {
    const sealed = await sealContainer(await request(person));
    expect(sealed.description.additional?.sender).toMatchObject({
      kind: 'person',
      surname: 'Петрова',
      givenName: 'Анна',
    });
  });

  it('still reads containers of earlier tks versions (gzip content, named files)', async () => {
    const signature = await sign(company.bytes);
    const sealed = await sealContainer({ ...(await request()), compress: false });
    const files = await readZip(sealed.archive);
    const declaration = sealed.description.documents[0];
    const description = iconv
      .decode(files.find((f) => f.name === 'packageDescription.xml')?.data ?? Buffer.alloc(0), 'win1251')
      .replace(
        `<содержимое имяФайла="${declaration.contentFileName ?? ''}"/>`,
        `<содержимое имяФайла="${company.fileName}.gz"/>`,
      )
      .replace(/(<документ кодТипаДокумента="01"[^>]*)сжат="false"/, '$1сжат="true"');
    const old = await writeZip([
      { name: 'packageDescription.xml', data: iconv.encode(description, 'win1251') },
      { name: `${company.fileName}.gz`, data: gzipSync(company.bytes) },
      { name: declaration.signatures[0].fileName, data: signature },
      ...files.filter((f) => f.name === sealed.description.documents[1].contentFileName),
    ]);
    const opened = await openContainer(old, { trustedCertificates: [ca.der] });
    expect(opened.documents[0].content?.equals(company.bytes)).toBe(true);
    expect(opened.valid).toBe(true);
  });
});

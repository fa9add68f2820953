import { webcrypto } from 'node:crypto';
import { join } from 'node:path';
import * as iconv from 'iconv-lite';
import { createSoftwareEngine, signDetached } from '@tks/crypto';
import { validateAgainstXsd } from '@tks/xml';
import {
  createTestCa,
  issueCertificate,
  KeyKind,
  SIGNING_TIME,
  TestIdentity,
} from '../../crypto/src/testing/test-pki';
import { parseContainerFileName } from './container-name';
import { openContainer } from './open-container';
import { decodePackageDescription, encodePackageDescription } from './package-description';
import { sealContainer, SealRequest } from './seal-container';
import { readZip, writeZip } from './zip-archive';

const XSD = join(__dirname, '../../../schemas/container/TR_TRKON_2_700_01_09_02_01.xsd');
const DOCFLOW_ID = '0123456789abcdef0123456789abcdef';
const FILE_NAME = 'NO_USN_0087_0087_7707083893770701001_20250314_6f1b2f5a-93c4-4d8e-9a51-3f0c9b0e7d21.xml';
const declaration = iconv.encode(
  '<?xml version="1.0" encoding="windows-1251"?>\n<Файл ИдФайл="NO_USN_…" ВерсФорм="5.08"><Документ КНД="1152017"/></Файл>\n',
  'win1251',
);
const engine = createSoftwareEngine();

describe('the transport container', () => {
  let ca: TestIdentity;
  let signer: TestIdentity;
  let signature: Buffer;

  beforeAll(async () => {
    ca = await createTestCa();
    signer = await issueCertificate(ca, { subject: 'CN=TKS Operator, O=TKS, C=RU' });
    signature = await signDetached({
      content: declaration,
      certificate: signer.der,
      privateKey: signer.keys.privateKey,
      engine,
      signingTime: SIGNING_TIME,
    });
  });

  const request = (overrides: Partial<SealRequest> = {}): SealRequest => ({
    senderId: '2TK-0123456789abcdef0123456789abcdef',
    recipientId: '0087',
    operatorId: '2TK',
    docflowId: DOCFLOW_ID,
    docflowCode: '01',
    transactionCode: '01',
    programVersion: 'tks 0.1.0',
    documents: [
      {
        typeCode: '01',
        fileName: FILE_NAME,
        content: declaration,
        signatures: [{ data: signature, role: 'спецоператор' }],
      },
    ],
    ...overrides,
  });

  const recipient = async (kind: KeyKind) => {
    const identity = await issueCertificate(ca, { subject: `CN=Tax Office 0087 ${kind}, O=FNS, C=RU`, kind });
    const pkcs8 = new Uint8Array(await webcrypto.subtle.exportKey('pkcs8', identity.keys.privateKey));
    return { identity, key: { certificate: identity.der, privateKeyPkcs8: pkcs8 } };
  };

  it('is named FNS_<sender>_<recipient>_<docflow id>_<docflow>_<transaction>_<first document type>.zip', async () => {
    const sealed = await sealContainer(request());
    expect(sealed.fileName).toBe(`FNS_2TK-0123456789abcdef0123456789abcdef_0087_${DOCFLOW_ID}_01_01_01.zip`);
    expect(parseContainerFileName(sealed.fileName)).toMatchObject({
      recipientId: '0087',
      docflowId: DOCFLOW_ID,
    });
  });

  it('describes itself in a windows-1251 packageDescription.xml that validates against the official XSD', async () => {
    const sealed = await sealContainer(request());
    const files = await readZip(sealed.archive);
    const description = files.find((file) => file.name === 'packageDescription.xml');
    expect(description).toBeDefined();
    const text = iconv.decode(description?.data ?? Buffer.alloc(0), 'win1251');
    expect(text).toMatch(/^<\?xml version="1.0" encoding="windows-1251"\?>/);
    expect(text).toContain('версияФормата="ФНС:1.0"');
    expect(text).toContain('<спецоператор идентификаторСубъекта="2TK" типСубъекта="спецоператор"/>');
    expect(text).toContain('<получатель идентификаторСубъекта="0087" типСубъекта="налоговыйОрган"/>');
    expect(text).toMatch(
      /<документ кодТипаДокумента="01" типДокумента="декларация" типСодержимого="xml" сжат="true" зашифрован="false"/,
    );
    expect(text).toMatch(/<подпись имяФайла="[0-9a-f]{32}\.bin" роль="спецоператор"\/>/);
    expect(text).toMatch(/<содержимое имяФайла="[0-9a-f]{32}\.bin"\/>/);
    expect(text).toContain(`исходноеИмяФайла="${FILE_NAME}"`);
    expect(text).toContain('ВерсПрог="tks 0.1.0"');
    expect(files.map((file) => file.name).filter((name) => name !== 'packageDescription.xml')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^[0-9a-f]{32}\.bin$/)]),
    );
    for (const file of files) expect(file.name).toMatch(/^([0-9a-f]{32}\.bin|packageDescription\.xml)$/);
    const validated = validateAgainstXsd(text, XSD);
    expect(validated.ok).toBe(true);
  });

  it('has a schema that refuses a description without a recipient', () => {
    const sealedText = iconv.decode(
      encodePackageDescription({
        docflowCode: '01',
        docflowName: 'Декларация',
        transactionCode: '01',
        transactionName: 'ДекларацияНП',
        docflowId: DOCFLOW_ID,
        programVersion: 'tks 0.1.0',
        sender: { id: '2TK-1', type: 'абонент' },
        recipient: { id: '0087', type: 'налоговыйОрган' },
        documents: [],
      }),
      'win1251',
    );
    const withoutRecipient = sealedText.replace(/<получатель[^>]*\/>\n/, '');
    expect(validateAgainstXsd(withoutRecipient, XSD).ok).toBe(false);
    // No документ either: the schema wants at least one.
    expect(validateAgainstXsd(sealedText, XSD)).toMatchObject({ ok: false, error: { code: '0300300001' } });
  });

  it('refuses to seal a description the official schema refuses (a sender id over 46 characters)', async () => {
    await expect(sealContainer(request({ senderId: `2TK-${'0'.repeat(50)}` }))).rejects.toThrow(
      /does not conform to TR_TRKON_2_700_01_09_02_01\.xsd/,
    );
  });

  it('carries a document as its signatures only, verified over the bytes the reader holds', async () => {
    const sealed = await sealContainer(
      request({
        senderId: '0087',
        recipientId: '2TK-0123456789abcdef0123456789abcdef',
        transactionCode: '04',
        documents: [
          { typeCode: '01', fileName: FILE_NAME, signatures: [{ data: signature, role: 'налоговыйОрган' }] },
        ],
      }),
    );
    const files = await readZip(sealed.archive);
    const text = iconv.decode(
      files.find((f) => f.name === 'packageDescription.xml')?.data ?? Buffer.alloc(0),
      'win1251',
    );
    expect(text).not.toContain('<содержимое');
    expect(validateAgainstXsd(text, XSD).ok).toBe(true);
    // Without the declaration the echo is no defect: its signature is left unchecked.
    const alone = await openContainer(sealed.archive);
    expect(alone.valid).toBe(true);
    expect(alone.documents[0]).toMatchObject({ problemCode: 'CONTENT_HELD_ELSEWHERE' });
    expect(alone.documents[0].signatures[0].verification).toBeUndefined();
    const opened = await openContainer(sealed.archive, {
      trustedCertificates: [ca.der],
      detachedContent: (name) => (name === FILE_NAME ? declaration : undefined),
    });
    expect(opened.valid).toBe(true);
    expect(opened.documents[0].signatures[0].verification).toMatchObject({ valid: true });
  });

  it('reads its description back as written', async () => {
    const sealed = await sealContainer(request());
    const files = await readZip(sealed.archive);
    const bytes = files.find((file) => file.name === 'packageDescription.xml')?.data ?? Buffer.alloc(0);
    expect(decodePackageDescription(bytes)).toEqual(JSON.parse(JSON.stringify(sealed.description)));
  });

  it.each([true, false])('round-trips the declaration byte for byte (compressed: %s)', async (compress) => {
    const sealed = await sealContainer(request({ compress }));
    const opened = await openContainer(sealed.archive, { trustedCertificates: [ca.der] });
    expect(opened.valid).toBe(true);
    expect(opened.documents[0].content?.equals(declaration)).toBe(true);
    expect(opened.documents[0].signatures[0]).toMatchObject({
      role: 'спецоператор',
      verification: { valid: true, reason: 'VALID' },
    });
  });

  it.each(['ECDSA', 'RSA'] as const)(
    'encrypts the content for a tax office with an %s certificate and round-trips it with its key',
    async (kind) => {
      const { key } = await recipient(kind);
      const sealed = await sealContainer(request({ encryptFor: key.certificate }));
      const files = await readZip(sealed.archive);
      const content = files.find((file) => file.name === sealed.description.documents[0].contentFileName);
      expect(content).toBeDefined();
      expect(content?.data.includes(declaration.subarray(0, 20))).toBe(false);
      expect(sealed.description.documents[0].encrypted).toBe(true);

      const opened = await openContainer(sealed.archive, { recipientKey: key });
      expect(opened.valid).toBe(true);
      expect(opened.documents[0].content?.equals(declaration)).toBe(true);
    },
  );

  it('reports encrypted content it holds no key for, or the wrong key, as not recovered', async () => {
    const { key } = await recipient('ECDSA');
    const other = await recipient('ECDSA');
    const sealed = await sealContainer(request({ encryptFor: key.certificate }));
    const withoutKey = await openContainer(sealed.archive);
    expect(withoutKey.valid).toBe(false);
    expect(withoutKey.documents[0].problem).toMatch(/no recipient key/);
    const wrongKey = await openContainer(sealed.archive, {
      recipientKey: { certificate: key.certificate, privateKeyPkcs8: other.key.privateKeyPkcs8 },
    });
    expect(wrongKey.valid).toBe(false);
    expect(wrongKey.documents[0].problem).toMatch(/cannot be decrypted/);
  });

  it('finds altered content through the signature (reason 4)', async () => {
    const sealed = await sealContainer(request({ compress: false }));
    const files = await readZip(sealed.archive);
    const altered = files.map((file) =>
      file.name === sealed.description.documents[0].contentFileName
        ? { name: file.name, data: Buffer.concat([file.data, Buffer.from(' ')]) }
        : file,
    );
    const opened = await openContainer(await writeZip(altered));
    expect(opened.valid).toBe(false);
    expect(opened.documents[0].signatures[0].verification).toMatchObject({
      code: 4,
      reason: 'CONTENT_DIGEST_MISMATCH',
    });
  });
});

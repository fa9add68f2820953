import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import * as iconv from 'iconv-lite';
import { openContainer, sealContainer } from '@tks/container';
import { buildUsnDeclaration } from '../../xml/src/fixtures';

/**
 * Containers made without tks's writer, as another operator's software makes them: files by `zip`,
 * signatures and encryption by `openssl cms` with the GOST engine (GOST R 34.10-2012 and 34.10-2001
 * keys it generates), the description written out by hand in the real layout (domain README, "What
 * real containers look like"). tks opens and verifies each. The other way round, a container tks
 * writes opens with `unzip`, `openssl cms` and `xmllint` alone, by the README's recipe.
 */
function run(command: string, args: readonly string[], cwd?: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd, encoding: 'buffer', maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, out: `${stdout.toString('latin1')}${stderr.toString('latin1')}` });
      },
    );
  });
}

async function ok(command: string, args: readonly string[], cwd?: string): Promise<string> {
  const result = await run(command, args, cwd);
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')}: ${result.out}`);
  return result.out;
}

const hex = () => randomBytes(16).toString('hex');

describe('containers made with zip and openssl, opened by tks', () => {
  let dir: string;
  const declaration = buildUsnDeclaration({ inn: '7707083893', kpp: '773601001', taxOfficeCode: '7736' });
  const keys = { taxpayer: '', operator2001: '', taxOffice: '' };

  /** A self-signed GOST certificate with its key, made by OpenSSL. */
  async function identity(name: string, algorithm: 'gost2012_256' | 'gost2001'): Promise<string> {
    const base = join(dir, name);
    await ok('openssl', [
      'genpkey', '-engine', 'gost', '-algorithm', algorithm, '-pkeyopt', 'paramset:A', '-out', `${base}.key`,
    ]); // prettier-ignore
    await ok('openssl', [
      'req', '-new', '-x509', '-engine', 'gost', '-key', `${base}.key`, '-out', `${base}.pem`,
      '-subj', `/CN=${name}/C=RU`, '-days', '2', algorithm === 'gost2001' ? '-md_gost94' : '-md_gost12_256',
    ]); // prettier-ignore
    return base;
  }

  /** A detached CAdES signature by OpenSSL; BER (indefinite lengths) when asked, as 2013 containers have. */
  async function sign(file: string, signer: string, digest: string, ber = false): Promise<string> {
    const out = join(dir, `${hex()}.bin`);
    await ok('openssl', [
      'cms', '-sign', '-engine', 'gost', '-binary', '-cades', '-md', digest, '-in', file,
      '-signer', `${signer}.pem`, '-inkey', `${signer}.key`, '-outform', 'DER', '-out', out,
      ...(ber ? ['-stream', '-nodetach'] : []),
    ]); // prettier-ignore
    if (ber) await writeFile(out, detachBer(await readFile(out)));
    return out;
  }

  /** The one-file ZIP of a compressed document, by `zip`. */
  async function zipped(file: string): Promise<string> {
    const out = join(dir, `${hex()}.bin`);
    await ok('zip', ['-q', '-j', `${out}.zip`, file]);
    await ok('mv', [`${out}.zip`, out]);
    return out;
  }

  async function encrypted(file: string, recipient: string): Promise<string> {
    const out = join(dir, `${hex()}.bin`);
    await ok('openssl', [
      'cms', '-encrypt', '-engine', 'gost', '-kuznyechik-ctr-acpkm', '-binary', '-outform', 'DER',
      '-in', file, '-out', out, '-recip', `${recipient}.pem`,
    ]); // prettier-ignore
    return out;
  }

  const base = (path: string) => path.split('/').pop() ?? path;

  /** The container: packageDescription.xml (windows-1251) and the .bin files, stored by `zip -0`. */
  async function container(description: string, files: readonly string[]): Promise<Buffer> {
    const folder = join(dir, hex());
    await mkdir(folder);
    await writeFile(join(folder, 'packageDescription.xml'), iconv.encode(description, 'win1251'));
    for (const file of files) await ok('cp', [file, folder]);
    const out = join(dir, `${hex()}.zip`);
    await ok('zip', [
      '-q',
      '-0',
      '-j',
      out,
      join(folder, 'packageDescription.xml'),
      ...files.map((f) => join(folder, base(f))),
    ]);
    return readFile(out);
  }

  const document = (
    code: string,
    type: string,
    name: string,
    flags: { compressed: boolean; encrypted: boolean; contentType?: string },
    content: string | undefined,
    signatures: ReadonlyArray<[string, string]>,
  ) =>
    `<документ кодТипаДокумента="${code}" типДокумента="${type}" типСодержимого="${flags.contentType ?? 'xml'}" ` +
    `сжат="${flags.compressed}" зашифрован="${flags.encrypted}" идентификаторДокумента="${hex()}" исходноеИмяФайла="${name}">` +
    (content ? `<содержимое имяФайла="${base(content)}"/>` : '') +
    signatures.map(([file, role]) => `<подпись имяФайла="${base(file)}" роль="${role}"/>`).join('') +
    '</документ>';

  const header = (
    transaction: string,
    transactionName: string,
    from: string,
    fromType: string,
    to: string,
    toType: string,
  ) =>
    '<?xml version="1.0" encoding="windows-1251"?>' +
    `<ТрансИнф версияФормата="ФНС:1.0" кодТипаДокументооборота="01" типДокументооборота="Декларация" ` +
    `кодТипаТранзакции="${transaction}" типТранзакции="${transactionName}" идентификаторДокументооборота="${hex()}" ВерсПрог="Другой оператор 6.5.3">` +
    `<отправитель идентификаторСубъекта="${from}" типСубъекта="${fromType}"/>` +
    '<спецоператор идентификаторСубъекта="1XX" типСубъекта="спецоператор"/>' +
    `<получатель идентификаторСубъекта="${to}" типСубъекта="${toType}"/>`;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tks-independent-'));
    keys.taxpayer = await identity('taxpayer', 'gost2012_256');
    keys.operator2001 = await identity('operator-2001', 'gost2001');
    keys.taxOffice = await identity('tax-office', 'gost2012_256');
    await writeFile(join(dir, declaration.fileName), declaration.bytes);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const recipientKey = async () => ({
    certificate: await readFile(`${keys.taxOffice}.pem`, 'utf8'),
    privateKeyPkcs8: pemBody(await readFile(`${keys.taxOffice}.key`, 'utf8')),
  });

  it('opens a declaration container: encrypted ZIP content, описание, a GOST 2001 BER signature, an attachment', async () => {
    const declarationFile = join(dir, declaration.fileName);
    const summary = join(dir, 'TR_DEKL.xml');
    await writeFile(
      summary,
      iconv.encode(
        '<?xml version="1.0" encoding="windows-1251"?><описание><КНДФормы>1152017</КНДФормы></описание>',
        'win1251',
      ),
    );
    const confirmation = join(dir, 'PO_NOUSN.xml');
    await writeFile(
      confirmation,
      iconv.encode(`<?xml version="1.0" encoding="windows-1251"?><Файл ИдФайл="PO_NOUSN"/>`, 'win1251'),
    );
    const attachment = join(dir, 'Пояснения.doc');
    await writeFile(attachment, randomBytes(3000));

    const declarationContent = await encrypted(await zipped(declarationFile), keys.taxOffice);
    const declarationSignature = await sign(declarationFile, keys.taxpayer, 'md_gost12_256');
    const summaryContent = await zipped(summary);
    const confirmationContent = await zipped(confirmation);
    const confirmationSignature = await sign(confirmation, keys.operator2001, 'md_gost94', true);
    const attachmentSignature = await sign(attachment, keys.operator2001, 'md_gost94');
    expect((await readFile(confirmationSignature))[1]).toBe(0x80); // BER, indefinite length
    const attachmentContent = join(dir, `${hex()}.bin`);
    await ok('cp', [attachment, attachmentContent]);

    const description =
      header('01', 'ДекларацияНП', '1XX-TAXPAYER-0001', 'абонент', '7736', 'налоговыйОрган') +
      '<ДопСв><СвОтпр E-mail="1XX-TAXPAYER-0001"><ОтпрЮЛ ИННЮЛ="7707083893" КПП="773601001" НаимОрг="Тест"/></СвОтпр>' +
      '<СвПолДок><ОтпрНО КодНО="7736" НаимНО="ИФНС"/></СвПолДок></ДопСв>' +
      document(
        '01',
        'декларация',
        declaration.fileName,
        { compressed: true, encrypted: true },
        declarationContent,
        [[declarationSignature, 'абонент']],
      ) +
      document('02', 'описание', 'TR_DEKL.xml', { compressed: true, encrypted: false }, summaryContent, []) +
      document(
        '04',
        'подтверждениеДатыОтправки',
        'PO_NOUSN.xml',
        { compressed: true, encrypted: false },
        confirmationContent,
        [[confirmationSignature, 'спецоператор']],
      ) +
      document(
        '10',
        'приложение',
        'Пояснения.doc',
        { compressed: false, encrypted: false, contentType: 'ms-word' },
        attachmentContent,
        [[attachmentSignature, 'абонент']],
      ) +
      '</ТрансИнф>';
    const archive = await container(description, [
      declarationContent, declarationSignature, summaryContent, confirmationContent, confirmationSignature,
      attachmentContent, attachmentSignature,
    ]); // prettier-ignore

    const opened = await openContainer(archive, { recipientKey: await recipientKey() });
    expect(opened.documents.map((d) => d.problem)).toEqual([undefined, undefined, undefined, undefined]);
    expect(opened.valid).toBe(true);
    expect(opened.description.programVersion).toBe('Другой оператор 6.5.3');
    expect(opened.description.additional).toMatchObject({ taxOffice: { code: '7736', name: 'ИФНС' } });
    const [decl, summaryDoc, confirmationDoc, attachmentDoc] = opened.documents;
    expect(decl.content?.equals(declaration.bytes)).toBe(true);
    expect(summaryDoc.content?.equals(await readFile(summary))).toBe(true);
    expect(attachmentDoc.content?.equals(await readFile(attachment))).toBe(true);
    expect(decl.signatures[0].verification).toMatchObject({
      valid: true,
      algorithm: { signature: 'GOST R 34.10-2012-256' },
    });
    expect(decl.signatures[0].verification?.legacyAlgorithm).toBeUndefined();
    expect(confirmationDoc.signatures[0].verification).toMatchObject({
      valid: true,
      legacyAlgorithm: true,
      algorithm: { signature: 'GOST R 34.10-2001', digest: 'GOST R 34.11-94' },
    });
    expect(attachmentDoc.signatures[0].verification).toMatchObject({ valid: true, legacyAlgorithm: true });
  });

  it("opens the tax office's answer: a receipt and the declaration as its signature only", async () => {
    const receipt = join(dir, `KV_${declaration.fileName}`);
    await writeFile(
      receipt,
      iconv.encode('<?xml version="1.0" encoding="windows-1251"?><Файл ИдФайл="KV"/>', 'win1251'),
    );
    const receiptContent = await zipped(receipt);
    const receiptSignature = await sign(receipt, keys.taxOffice, 'md_gost12_256');
    const echo = await sign(join(dir, declaration.fileName), keys.taxOffice, 'md_gost12_256');
    const description =
      header('04', 'РезультатПриемаДекларацияНО', '7736', 'налоговыйОрган', '1XX-TAXPAYER-0001', 'абонент') +
      document(
        '06',
        'квитанцияОПриеме',
        base(receipt),
        { compressed: true, encrypted: false },
        receiptContent,
        [[receiptSignature, 'налоговыйОрган']],
      ) +
      document('01', 'декларация', declaration.fileName, { compressed: false, encrypted: false }, undefined, [
        [echo, 'налоговыйОрган'],
      ]) +
      '</ТрансИнф>';
    const archive = await container(description, [receiptContent, receiptSignature, echo]);

    const alone = await openContainer(archive);
    expect(alone.valid).toBe(true);
    expect(alone.documents[1]).toMatchObject({ problemCode: 'CONTENT_HELD_ELSEWHERE' });
    const withDeclaration = await openContainer(archive, {
      detachedContent: (name) => (name === declaration.fileName ? declaration.bytes : undefined),
    });
    expect(withDeclaration.valid).toBe(true);
    expect(withDeclaration.documents[1].signatures[0].verification).toMatchObject({ valid: true });
  });

  it('reports a document it cannot read and still reads the others', async () => {
    const summary = join(dir, 'TR_DEKL2.xml');
    await writeFile(summary, 'x');
    const good = await zipped(summary);
    const broken = join(dir, `${hex()}.bin`);
    await writeFile(broken, Buffer.from('neither zip nor gzip'));
    const description =
      header('01', 'ДекларацияНП', '1XX-TAXPAYER-0001', 'абонент', '7736', 'налоговыйОрган') +
      document('02', 'описание', 'TR_DEKL.xml', { compressed: true, encrypted: false }, broken, []) +
      document('02', 'описание', 'TR_DEKL2.xml', { compressed: true, encrypted: false }, good, []) +
      '</ТрансИнф>';
    const opened = await openContainer(await container(description, [broken, good]));
    expect(opened.valid).toBe(false);
    expect(opened.documents[0]).toMatchObject({ problemCode: 'CONTENT_NOT_DECOMPRESSED' });
    expect(opened.documents[1].content?.toString()).toBe('x');
  });

  it('writes containers that unzip, openssl cms and xmllint open alone (the README recipe)', async () => {
    const declarationFile = join(dir, declaration.fileName);
    const signature = await sign(declarationFile, keys.taxpayer, 'md_gost12_256');
    const sealed = await sealContainer({
      senderId: '2TK-0123456789abcdef0123456789abcdef',
      recipientId: '7736',
      operatorId: '2TK',
      docflowId: hex(),
      docflowCode: '01',
      transactionCode: '01',
      programVersion: 'tks test',
      documents: [
        {
          typeCode: '01',
          fileName: declaration.fileName,
          content: declaration.bytes,
          signatures: [{ data: await readFile(signature), role: 'абонент' }],
        },
      ],
      encryptFor: await readFile(`${keys.taxOffice}.pem`, 'utf8'),
    });
    const folder = join(dir, `recipe-${hex()}`);
    await mkdir(folder);
    await writeFile(join(folder, sealed.fileName), sealed.archive);
    // 1. unzip the container; 2. check the description against the official schema.
    await ok('unzip', ['-q', sealed.fileName, '-d', 'c'], folder);
    const schema = join(__dirname, '../../../schemas/container/TR_TRKON_2_700_01_09_02_01.xsd');
    await ok('xmllint', ['--noout', '--schema', schema, 'c/packageDescription.xml'], folder);
    // 3. read the names: документ/@исходноеИмяФайла, содержимое/@имяФайла, подпись/@имяФайла.
    const text = iconv.decode(await readFile(join(folder, 'c/packageDescription.xml')), 'win1251');
    const entry = new RegExp(
      `исходноеИмяФайла="${declaration.fileName}">\\s*<содержимое имяФайла="([0-9a-f]{32}\\.bin)"/>\\s*<подпись имяФайла="([0-9a-f]{32}\\.bin)"`,
    ).exec(text);
    expect(entry).not.toBeNull();
    const [, content, signatureFile] = entry ?? [];
    // 4. decrypt (зашифрован="true") with the tax office key; 5. unzip the one file (сжат="true").
    await ok('openssl', [
      'cms', '-decrypt', '-engine', 'gost', '-binary', '-inform', 'DER', '-in', `c/${content}`,
      '-recip', `${keys.taxOffice}.pem`, '-inkey', `${keys.taxOffice}.key`, '-out', 'declaration.zip',
    ], folder); // prettier-ignore
    await ok('unzip', ['-q', 'declaration.zip', '-d', 'plain'], folder);
    expect((await readFile(join(folder, 'plain', declaration.fileName))).equals(declaration.bytes)).toBe(
      true,
    );
    // 6. verify the detached signature over the unzipped declaration.
    const verified = await run('openssl', [
      'cms', '-verify', '-engine', 'gost', '-binary', '-inform', 'DER', '-in', `c/${signatureFile}`,
      '-content', `plain/${declaration.fileName}`, '-CAfile', `${keys.taxpayer}.pem`, '-out', '/dev/null',
    ], folder); // prettier-ignore
    expect(verified.out).toContain('Verification successful');
    // The описание travels compressed and in clear.
    const summary = /исходноеИмяФайла="TR_DEKL\.xml">\s*<содержимое имяФайла="([0-9a-f]{32}\.bin)"\/>/.exec(
      text,
    );
    expect(summary).not.toBeNull();
    const described = await ok('unzip', ['-p', `c/${summary?.[1] ?? ''}`], folder);
    expect(iconv.decode(Buffer.from(described, 'latin1'), 'win1251')).toContain(
      '<КНДФормы>1152017</КНДФормы>',
    );
  });
});

/** OpenSSL writes BER (indefinite lengths) only with the content attached; this drops eContent. */
function detachBer(ber: Buffer): Buffer {
  const contentInfo = asn1js.fromBER(new Uint8Array(ber)).result as asn1js.Sequence;
  const signedData = (contentInfo.valueBlock.value[1] as asn1js.Constructed).valueBlock
    .value[0] as asn1js.Sequence;
  (signedData.valueBlock.value[2] as asn1js.Sequence).valueBlock.value.splice(1, 1);
  return Buffer.from(contentInfo.toBER(false));
}

function pemBody(pem: string): Uint8Array {
  return Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

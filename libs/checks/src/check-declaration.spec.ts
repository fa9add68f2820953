import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { encode } from 'iconv-lite';
import { loadSchemaRegistry } from '@tks/xml';
import { buildUsnDeclaration } from '../../xml/src/fixtures';
import { checkDeclarationSource, type DeclarationCheckOptions } from './check-declaration';
import type { DeclarationSource } from './declaration-source';
import { fileSource } from './declaration-source';

const company = { inn: '7707083893', kpp: '773601001', taxOfficeCode: '7736' };
const schemas = loadSchemaRegistry(join(__dirname, '..', '..', '..', 'schemas'));
const options: DeclarationCheckOptions = { schemas, maxBytes: 1024 * 1024, inMemoryMaxBytes: 512 * 1024 };

const inMemory = (bytes: Buffer): DeclarationSource => ({
  size: bytes.length,
  read: () => Promise.resolve(bytes),
  open: () => Readable.from([bytes]),
  withPath: () => Promise.reject(new Error('not streamed')),
});

const check = (bytes: Buffer, fileName?: string, subscriberInn = company.inn) =>
  checkDeclarationSource(inMemory(bytes), { fileName, subscriberInn }, options);
const codeOf = async (bytes: Buffer, fileName?: string) =>
  (await check(bytes, fileName)).refusal?.code ?? 'ok';

describe('checkDeclarationSource', () => {
  it('accepts a valid УСН 5.09 declaration with no error and reads its header', async () => {
    const d = buildUsnDeclaration(company);
    const result = await check(d.bytes, d.fileName);
    expect(result.refusal).toBeUndefined();
    expect(result.findings.filter((f) => f.level === 'error')).toEqual([]);
    expect(result.header).toMatchObject({ fileIdText: d.fileId, formCode: '1152017', formatVersion: '5.09' });
    expect(result.schema?.xsdPath).toMatch(/NO_USN_1_030_00_05_09_01\.xsd$/);
  });

  it('accepts the same declaration sent in UTF-8', async () => {
    const d = buildUsnDeclaration(company);
    const utf8 = Buffer.from(d.text.replace('encoding="windows-1251"', 'encoding="UTF-8"'), 'utf8');
    expect(await codeOf(utf8)).toBe('ok');
  });

  it('refuses a declared encoding other than windows-1251 or UTF-8 at the transport step', async () => {
    const d = buildUsnDeclaration(company);
    const result = await check(
      Buffer.from(d.text.replace('encoding="windows-1251"', 'encoding="KOI8-R"'), 'utf8'),
    );
    expect(result.refusal).toMatchObject({ code: 'TKS-ENCODING', status: 415 });
    expect(result.refusedAt).toBe('transport');
  });

  it('refuses a DOCTYPE before any parser expands it', async () => {
    const d = buildUsnDeclaration(company);
    const hostile = d.text.replace(
      '<Файл',
      '<!DOCTYPE Файл [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<Файл',
    );
    expect(await codeOf(encode(hostile, 'win1251'))).toBe('TKS-XML-DOCTYPE');
  });

  it('refuses malformed XML', async () => {
    const d = buildUsnDeclaration(company);
    expect(await codeOf(encode(d.text.replace('</Документ>', ''), 'win1251'))).toBe('TKS-XML-MALFORMED');
  });

  it('refuses a file whose name differs from its ИдФайл (0400400007) with the official text', async () => {
    const d = buildUsnDeclaration(company);
    const result = await check(d.bytes, 'NO_USN_other.xml');
    expect(result.refusal).toMatchObject({
      code: '0400400007',
      detail: `Имя файла обмена "NO_USN_other" не совпадает со значением элемента ИдФайл "${d.fileId}"`,
    });
    expect(result.refusedAt).toBe('identity');
  });

  it('refuses a declaration whose ИдФайл names another INN (0400100005)', async () => {
    const d = buildUsnDeclaration({
      ...company,
      fileId: `NO_USN_7736_7736_7728168971773601001_20261125_${randomUUID().toUpperCase()}`,
    });
    expect(await codeOf(d.bytes)).toBe('0400100005');
  });

  it('refuses a declaration whose ИдФайл names another final tax office (0100200001)', async () => {
    const d = buildUsnDeclaration({
      ...company,
      fileId: `NO_USN_7736_7701_7707083893773601001_20261125_${randomUUID().toUpperCase()}`,
    });
    expect(await codeOf(d.bytes)).toBe('0100200001');
  });

  it('refuses a declaration of a taxpayer other than the subscriber with 403', async () => {
    const d = buildUsnDeclaration({ inn: '7728168971', kpp: '773601001', taxOfficeCode: '7736' });
    expect((await check(d.bytes)).refusal).toMatchObject({ code: 'TKS-SUBSCRIBER-MISMATCH', status: 403 });
  });

  it('without a subscriber, does not compare the taxpayer and says so in a warning', async () => {
    const d = buildUsnDeclaration({ inn: '7728168971', kpp: '773601001', taxOfficeCode: '7736' });
    const result = await checkDeclarationSource(inMemory(d.bytes), { fileName: d.fileName }, options);
    expect(result.refusal).toBeUndefined();
    expect(result.findings).toContainEqual(
      expect.objectContaining({ code: 'TKS-CHECK-SKIPPED', level: 'warning', step: 'identity' }),
    );
  });

  it('reports every finding: a misnamed file, its wrong tax office and a broken control rule', async () => {
    const d = buildUsnDeclaration({
      ...company,
      fileId: `NO_USN_7736_7701_7707083893773601001_20261125_${randomUUID().toUpperCase()}`,
    });
    const text = d.text.replace('<УСН ОбНал="1">', '<УСН ОбНал="2">');
    const line = text.split('\n').findIndex((l) => l.includes('<УСН ')) + 1;
    const result = await check(encode(text, 'win1251'), 'misnamed.xml');
    // The refusal is the first failing step's, as a filing answers it.
    expect(result.refusal?.code).toBe('0400400007');
    const errors = result.findings.filter((f) => f.level === 'error');
    expect(errors.map((f) => f.code)).toEqual(['0400400007', '0100200001', '0400400007', '0400300003']);
    expect(errors[3]).toMatchObject({
      step: 'rule',
      schema: 'NO_USN_1_030_00_05_09_01.xsd',
      line,
      message:
        'Не выполнено условие - элемент СумНалПУ_НП обязателен при ОбНал=1, элемент СумНалПУ_СмНП обязателен при ОбНал=2',
    });
    expect(errors[3]?.rule).toEqual(expect.any(String));
  });

  it('refuses an element the XSD does not allow with 0300300001, the schema file, line and column', async () => {
    const d = buildUsnDeclaration(company);
    const text = d.text.replace('</УСН>', '<Лишний/></УСН>');
    const result = await check(encode(text, 'win1251'), d.fileName);
    expect(result.refusal).toMatchObject({ code: '0300300001', status: 422 });
    expect(result.refusedAt).toBe('schema');
    expect(result.findings[0]).toMatchObject({
      code: '0300300001',
      step: 'schema',
      schema: 'NO_USN_1_030_00_05_09_01.xsd',
      line: expect.any(Number),
    });
    expect(result.findings[0]?.message).toContain('Лишний');
  });

  it('refuses an unknown ВерсФорм naming the versions accepted', async () => {
    const d = buildUsnDeclaration({ ...company, formatVersion: '5.08' });
    expect((await check(d.bytes)).refusal).toMatchObject({
      code: '0300300001',
      detail: 'format version 5.08 of КНД 1152017 is not accepted; accepted versions: 5.09',
    });
  });

  it('warns that rules needing the file name were not applied when it is unknown', async () => {
    const d = buildUsnDeclaration(company);
    const result = await check(d.bytes);
    expect(result.refusal).toBeUndefined();
    expect(result.findings).toContainEqual(
      expect.objectContaining({ code: 'TKS-CHECK-SKIPPED', level: 'warning', step: 'rule' }),
    );
  });

  it('refuses a declaration over the size limit with TKS-TOO-LARGE and reads nothing', async () => {
    const d = buildUsnDeclaration(company);
    const source = { ...inMemory(d.bytes), read: () => Promise.reject(new Error('read')) };
    const result = await checkDeclarationSource(source, {}, { ...options, maxBytes: d.bytes.length - 1 });
    expect(result.refusal).toMatchObject({ code: 'TKS-TOO-LARGE', status: 413 });
  });

  describe('above the in-memory limit (streamed from a file)', () => {
    let dir: string;
    beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'tks-checks-'))));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    const streamed = async (bytes: Buffer, fileName: string) => {
      const path = join(dir, fileName);
      writeFileSync(path, bytes);
      return checkDeclarationSource(
        await fileSource(path),
        { fileName, subscriberInn: company.inn },
        {
          ...options,
          inMemoryMaxBytes: 256,
        },
      );
    };

    it('accepts a valid declaration and warns that the control rules were not applied', async () => {
      const d = buildUsnDeclaration(company);
      const result = await streamed(d.bytes, d.fileName);
      expect(result.refusal).toBeUndefined();
      expect(result.findings).toEqual([expect.objectContaining({ code: 'TKS-CHECK-SKIPPED', step: 'rule' })]);
    });

    it('refuses an element the XSD does not allow with 0300300001 and its line', async () => {
      const d = buildUsnDeclaration(company);
      const result = await streamed(
        encode(d.text.replace('</УСН>', '<Лишний/></УСН>'), 'win1251'),
        d.fileName,
      );
      expect(result.refusal?.code).toBe('0300300001');
      expect(result.findings[0]).toMatchObject({ step: 'schema', line: expect.any(Number) });
    });
  });
});

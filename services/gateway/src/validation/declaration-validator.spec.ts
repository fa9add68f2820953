import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DocumentStore } from '@tks/storage';
import { loadSchemaRegistry } from '@tks/xml';
import { buildUsnDeclaration, type UsnDeclaration } from '../../../../libs/xml/src/fixtures';
import { SubscriberView } from '../subscribers/subscriber-view.entity';
import { DeclarationValidator } from './declaration-validator';

const subscriber = Object.assign(new SubscriberView(), {
  subscriberId: '2TK-00000000000000000000000000000001',
  kind: 'company',
  name: 'ПАО Сбербанк',
  inn: '7707083893',
  kpp: '773601001',
  status: 'active',
  taxOfficeCodes: ['7736'],
  updatedAt: new Date(),
});
const company = { inn: '7707083893', kpp: '773601001', taxOfficeCode: '7736' };

describe('DeclarationValidator', () => {
  let dir: string;
  let store: DocumentStore;
  let validator: DeclarationValidator;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tks-validator-'));
    store = new DocumentStore(dir);
    await store.init();
    const schemas = loadSchemaRegistry(join(__dirname, '..', '..', '..', '..', 'schemas'));
    validator = new DeclarationValidator(store, schemas, { inMemoryMaxBytes: 16 * 1024 * 1024 });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const validate = async (d: UsnDeclaration, bytes: Buffer = d.bytes, fileName = d.fileName) =>
    validator.validate(await store.put(bytes), { fileName, subscriber });

  it('accepts a УСН 5.09 declaration valid against the official XSD and its rules', async () => {
    const d = buildUsnDeclaration(company);
    expect(await validate(d)).toMatchObject({ ok: true, value: { fileId: d.fileId, formatVersion: '5.09' } });
  });

  it('refuses a file named otherwise than its ИдФайл with 0400400007 and the official text', async () => {
    const d = buildUsnDeclaration(company);
    const result = await validate(d, d.bytes, 'NO_USN_other.xml');
    expect(result).toMatchObject({
      ok: false,
      problem: {
        code: '0400400007',
        detail: `Имя файла обмена "NO_USN_other" не совпадает со значением элемента ИдФайл "${d.fileId}"`,
      },
    });
  });

  it('refuses a declaration that breaks the ОбНал rule with 0400300003, the rule’s text and its line', async () => {
    const d = buildUsnDeclaration(company);
    const text = d.text.replace('<УСН ОбНал="1">', '<УСН ОбНал="2">');
    const line = text.split('\n').findIndex((l) => l.includes('<УСН ')) + 1;
    const result = await validate(d, Buffer.from(text.replace('windows-1251', 'UTF-8'), 'utf8'));
    expect(result).toMatchObject({
      ok: false,
      declaration: { fileId: d.fileId },
      problem: {
        status: 422,
        code: '0400300003',
        title: 'Declaration breaks a control rule of its format',
        detail:
          'Не выполнено условие - элемент СумНалПУ_НП обязателен при ОбНал=1, элемент СумНалПУ_СмНП обязателен при ОбНал=2',
        errors: [
          {
            message:
              '0400300003: Не выполнено условие - элемент СумНалПУ_НП обязателен при ОбНал=1, элемент СумНалПУ_СмНП обязателен при ОбНал=2',
            line,
          },
        ],
      },
    });
  });

  it('refuses an unknown ВерсФорм naming the versions accepted for the form', async () => {
    const d = buildUsnDeclaration({ ...company, formatVersion: '5.08' });
    expect(await validate(d)).toMatchObject({
      ok: false,
      declaration: { fileId: d.fileId },
      problem: {
        code: '0300300001',
        detail: 'format version 5.08 of КНД 1152017 is not accepted; accepted versions: 5.09',
      },
    });
  });

  it('refuses an unknown КНД naming the forms accepted', async () => {
    const d = buildUsnDeclaration({ ...company, formCode: '1150099' });
    const result = await validate(d);
    expect(result).toMatchObject({ ok: false, problem: { code: '0300300001' } });
    if (result.ok) return;
    expect(result.problem.detail).toBe(
      'КНД 1150099 is not accepted; accepted forms: 1151001, 1151006, 1151020, 1151099, 1151100, 1151111, 1152017',
    );
  });
});

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseXml } from 'libxmljs2';
import { buildUsnDeclaration } from '../fixtures';
import { loadSchemaRegistry } from '../schema-registry';
import { parseAndValidateAgainstXsd } from '../xsd';
import { checkControlRules, controlRulesOf } from './control-rules';
import { extractControlRules } from './extract';

const SCHEMAS = join(__dirname, '..', '..', '..', '..', 'schemas');
const registry = loadSchemaRegistry(SCHEMAS);
const usn = registry.find('1152017', '5.09');
if (!usn) throw new Error('no УСН 5.09 schema');

/** XSD first (the rules apply to schema-valid documents only), then the embedded rules. */
function verdict(text: string, fileName: string) {
  const valid = parseAndValidateAgainstXsd(text, usn!.xsdPath);
  if (!valid.ok) throw new Error(`not valid against the XSD: ${valid.error.message}`);
  return checkControlRules(valid.value.document, usn!.xsdPath, { fileName });
}

describe('the control rules embedded in the official XSDs', () => {
  it('are all translated for every shipped form and version', () => {
    expect(readdirSync(SCHEMAS).length).toBeGreaterThan(0);
    for (const schema of registry.all) {
      const rules = controlRulesOf(schema.xsdPath);
      expect({ schema: schema.xsdPath, skipped: rules.skipped }).toEqual({
        schema: schema.xsdPath,
        skipped: [],
      });
      expect(rules.rules.length).toBeGreaterThan(0);
    }
    expect(controlRulesOf(usn.xsdPath).rules).toHaveLength(8);
  });

  it('places each rule at the element it is declared under', () => {
    const contexts = controlRulesOf(usn.xsdPath).rules.map((r) => r.context);
    expect(contexts).toEqual(
      expect.arrayContaining([
        '/Файл',
        '/Файл/Документ',
        '/Файл/Документ/Подписант',
        '/Файл/Документ/СвНП/НПЮЛ/СвРеоргЮЛ',
        '/Файл/Документ/УСН',
        '/Файл/Документ/УСН/СумНалПУ_НП/РасчНал1',
      ]),
    );
  });

  it('pass a УСН 5.09 declaration that is valid against the official XSD', () => {
    const company = buildUsnDeclaration();
    expect(verdict(company.text, company.fileId)).toEqual({ ok: true });
    const entrepreneur = buildUsnDeclaration({ person: { lastName: 'Петрова', firstName: 'Анна' } });
    expect(verdict(entrepreneur.text, entrepreneur.fileId)).toEqual({ ok: true });
  });

  it('refuse a declaration whose ИдФайл differs from the file name with 0400400007 and the official text', () => {
    const d = buildUsnDeclaration();
    expect(verdict(d.text, 'NO_USN_renamed')).toEqual({
      ok: false,
      error: {
        code: '0400400007',
        message: `Имя файла обмена "NO_USN_renamed" не совпадает со значением элемента ИдФайл "${d.fileId}"`,
        failures: [expect.objectContaining({ code: '0400400007', line: 2 })],
      },
    });
  });

  it('refuse a company’s declaration signed by its head without a name (Подписант/ФИО) with 0400300003', () => {
    const d = buildUsnDeclaration();
    const text = d.text
      .replace(/ *<ФИО [^>]*\/>\n/, '')
      .replace('<Подписант ПрПодп="1">\n    </Подписант>', '<Подписант ПрПодп="1"/>');
    const result = verdict(text, d.fileId);
    expect(result).toMatchObject({ ok: false, error: { code: '0400300003' } });
    if (result.ok) return;
    expect(result.error.message).toBe(
      'Не выполнено условие присутствия (отсутствия) элемента Файл/Документ/Подписант/ФИО при значении элемента ПрПодп, равном "1".',
    );
    // The rule's context is Документ: the line is that element's.
    expect(result.error.failures).toEqual([expect.objectContaining({ code: '0400300003', line: 3 })]);
  });

  it('refuse a declaration whose ОбНал does not match its section and list every failed rule with its line', () => {
    const d = buildUsnDeclaration();
    const text = d.text.replace('<УСН ОбНал="1">', '<УСН ОбНал="2">');
    const result = verdict(text, 'NO_USN_renamed');
    expect(result).toMatchObject({ ok: false, error: { code: '0400400007' } });
    if (result.ok) return;
    expect(result.error.failures.map((f) => [f.code, f.line])).toEqual([
      ['0400400007', 2],
      ['0400300003', text.split('\n').findIndex((l) => l.includes('<УСН ')) + 1],
    ]);
    expect(result.error.failures[1]?.message).toBe(
      'Не выполнено условие - элемент СумНалПУ_НП обязателен при ОбНал=1, элемент СумНалПУ_СмНП обязателен при ОбНал=2',
    );
  });

  it('do not apply the file-name rule when the file name is unknown', () => {
    const d = buildUsnDeclaration();
    const valid = parseAndValidateAgainstXsd(d.text, usn.xsdPath);
    if (!valid.ok) throw new Error(valid.error.message);
    expect(checkControlRules(valid.value.document, usn.xsdPath)).toEqual({ ok: true });
  });

  it('skip, with the reason, a rule they cannot evaluate rather than refuse by it', () => {
    const xsd = parseXml(
      `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:sch="http://purl.oclc.org/dsdl/schematron" xmlns:usch="http://www.unisoftware.ru/schematron-extensions">
        <xs:element name="Файл"><xs:annotation><xs:appinfo>
          <sch:pattern name="p"><sch:rule context="Файл">
            <sch:assert test="usch:compare(@А, 1)"><usch:error code="0400300003">т</usch:error></sch:assert>
            <sch:assert test="count(((@А"><usch:error code="0400300003">т</usch:error></sch:assert>
          </sch:rule><sch:rule context="Чужой">
            <sch:assert test="true()"><usch:error code="0400300003">т</usch:error></sch:assert>
          </sch:rule></sch:pattern>
        </xs:appinfo></xs:annotation></xs:element>
      </xs:schema>`,
    );
    const rules = extractControlRules(xsd);
    expect(rules.rules).toEqual([]);
    expect(rules.skipped.map((s) => s.reason)).toEqual([
      'usch:compare() has no XPath 1.0 translation',
      'the test or a message value is not valid XPath 1.0',
      'context "Чужой" cannot be placed under Файл',
    ]);
  });
});

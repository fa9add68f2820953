import { join } from 'node:path';
import { decodeDeclaration, loadSchemaRegistry, validateAgainstXsd, validateFileAgainstXsd } from '@tks/xml';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import {
  buildNdfl3Declaration,
  buildNdfl6Declaration,
  buildUsnDeclaration,
  type BuiltDeclaration,
} from '../../../../libs/xml/src/fixtures';
import iconv from 'iconv-lite';

const registry = loadSchemaRegistry(join(__dirname, '..', '..', '..', '..', 'schemas'));

const forms: Array<[string, string, string, () => BuiltDeclaration]> = [
  ['УСН', '1152017', '5.09', () => buildUsnDeclaration()],
  ['3-НДФЛ', '1151020', '5.20', () => buildNdfl3Declaration()],
  ['6-НДФЛ', '1151100', '5.05', () => buildNdfl6Declaration()],
];

const validate = (text: string, formCode: string, version: string) => {
  const schema = registry.find(formCode, version);
  if (!schema) throw new Error(`no schema for ${formCode}/${version}`);
  const result = validateAgainstXsd(text, schema.xsdPath);
  return result.ok ? 'ok' : result.error.code;
};

describe('the shipped schemas', () => {
  it('registers every official declaration schema from schemas/<КНД>/<ВерсФорм>', () => {
    expect(registry.all.map((s) => `${s.formCode}/${s.formatVersion}`).sort()).toEqual([
      '1151001/5.03',
      '1151001/5.04',
      '1151006/5.07',
      '1151020/5.20',
      '1151099/5.01',
      '1151099/5.02',
      '1151100/5.05',
      '1151111/5.08',
      '1152017/5.09',
    ]);
    expect(registry.versionsOf('1151099')).toEqual(['5.01', '5.02']);
    expect(registry.versionsOf('9999999')).toEqual([]);
  });

  it.each(forms)('accepts a realistic %s declaration', (_name, formCode, version, build) => {
    const decoded = decodeDeclaration(build().bytes);
    if (!decoded.ok) throw new Error(decoded.error.message);
    expect(validate(decoded.value.text, formCode, version)).toBe('ok');
  });

  it('accepts an entrepreneur’s УСН declaration', () => {
    const d = buildUsnDeclaration({ person: { lastName: 'Петрова', firstName: 'Анна' } });
    expect(validate(d.text, '1152017', '5.09')).toBe('ok');
  });

  // Each breaks exactly one rule of the schema and nothing the earlier checks look at.
  const broken: Array<[string, string, string, string, RegExp]> = [
    [
      'УСН without the УСН section',
      '1152017',
      '5.09',
      buildUsnDeclaration().text.replace(/<УСН[\s\S]*<\/УСН>\n/, ''),
      /Missing child element/,
    ],
    [
      'УСН with a 9-digit ОКТМО',
      '1152017',
      '5.09',
      buildUsnDeclaration().text.replace('ОКТМО="45382000"', 'ОКТМО="453820001"'),
      /ОКТМО/,
    ],
    [
      'УСН with ПоМесту 999',
      '1152017',
      '5.09',
      buildUsnDeclaration().text.replace('ПоМесту="210"', 'ПоМесту="999"'),
      /ПоМесту/,
    ],
    [
      'УСН with kopecks in a whole-rouble sum',
      '1152017',
      '5.09',
      buildUsnDeclaration().text.replace(/СумЗаКв="1000000"/, 'СумЗаКв="1000000.50"'),
      /СумЗаКв/,
    ],
    [
      'УСН with an attribute of the older format (ПризСтав)',
      '1152017',
      '5.09',
      buildUsnDeclaration().text.replace('<РасчНал1 ПризНП="1"', '<РасчНал1 ПризСтав="1" ПризНП="1"'),
      /ПризСтав/,
    ],
    [
      '3-НДФЛ without the taxpayer’s name',
      '1151020',
      '5.20',
      buildNdfl3Declaration().text.replace(/ *<ФИОФЛ[^>]*\/>\n/, ''),
      /ФИОФЛ/,
    ],
    [
      '3-НДФЛ with a 19-digit КБК',
      '1151020',
      '5.20',
      buildNdfl3Declaration().text.replace(/КБК="18210102010011000110"/, 'КБК="1821010201001100011"'),
      /КБК/,
    ],
    [
      '3-НДФЛ with a two-digit income kind',
      '1151020',
      '5.20',
      buildNdfl3Declaration().text.replace('ВидДоход="010"', 'ВидДоход="06"'),
      /ВидДоход/,
    ],
    [
      '3-НДФЛ with kopecks in an integer sum',
      '1151020',
      '5.20',
      buildNdfl3Declaration().text.replace(/НалУдерж="(\d+)"/, 'НалУдерж="$1.50"'),
      /НалУдерж/,
    ],
    [
      '6-НДФЛ with period 22',
      '1151100',
      '5.05',
      buildNdfl6Declaration().text.replace('Период="34"', 'Период="22"'),
      /Период/,
    ],
    [
      '6-НДФЛ without Раздел 2',
      '1151100',
      '5.05',
      buildNdfl6Declaration().text.replace(/ *<РасчСумНал[^>]*\/>\n/, ''),
      /РасчСумНал/,
    ],
    [
      '6-НДФЛ without the taxpayer’s ОКТМО',
      '1151100',
      '5.05',
      buildNdfl6Declaration().text.replace(/ ОКТМО="\d+"/, ''),
      /ОКТМО/,
    ],
    [
      '6-НДФЛ with a KPP starting 00',
      '1151100',
      '5.05',
      buildNdfl6Declaration().text.replace('КПП="773601001"', 'КПП="003601001"'),
      /КПП/,
    ],
  ];

  it.each(broken)(
    'refuses %s with 0300300001 and a line-numbered message',
    (_what, formCode, version, text, message) => {
      const schema = registry.find(formCode, version);
      const result = schema && validateAgainstXsd(text, schema.xsdPath);
      expect(result).toMatchObject({ ok: false, error: { code: '0300300001' } });
      if (!result || result.ok) return;
      expect(result.error.issues[0]?.line).toBeGreaterThan(1);
      expect(result.error.issues.map((i) => i.message).join('\n')).toMatch(message);
    },
  );

  it('gives the same verdicts through xmllint --stream on the windows-1251 file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tks-xsd-stream-'));
    try {
      const schema = registry.find('1151100', '5.05');
      if (!schema) throw new Error('no 6-NDFL schema');
      const good = join(dir, 'good.xml');
      const bad = join(dir, 'bad.xml');
      const d = buildNdfl6Declaration();
      writeFileSync(good, d.bytes);
      writeFileSync(bad, iconv.encode(d.text.replace('Период="34"', 'Период="22"'), 'windows-1251'));
      expect(await validateFileAgainstXsd(good, schema.xsdPath)).toEqual({
        ok: true,
        value: { xsdPath: schema.xsdPath },
      });
      const truncated = join(dir, 'truncated.xml');
      writeFileSync(truncated, d.bytes.subarray(0, d.bytes.length - 30));
      expect(await validateFileAgainstXsd(truncated, schema.xsdPath)).toMatchObject({
        ok: false,
        error: { code: 'TKS-XML-MALFORMED' },
      });
      const result = await validateFileAgainstXsd(bad, schema.xsdPath);
      expect(result).toMatchObject({ ok: false, error: { code: '0300300001', issues: [{ line: 3 }] } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

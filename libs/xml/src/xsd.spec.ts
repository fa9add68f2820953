import iconv from 'iconv-lite';
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clearXsdCache, validateAgainstXsd, withUtf8Declaration } from './xsd';

// A tiny schema in the style of FNS ones: windows-1251, Russian names, a КНД pattern.
const XSD = `<?xml version="1.0" encoding="windows-1251"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" elementFormDefault="qualified">
  <xs:element name="Файл">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="Документ">
          <xs:complexType>
            <xs:attribute name="КНД" use="required">
              <xs:simpleType>
                <xs:restriction base="xs:string"><xs:pattern value="\\d{7}"/></xs:restriction>
              </xs:simpleType>
            </xs:attribute>
            <xs:attribute name="НаимОрг" type="xs:string"/>
          </xs:complexType>
        </xs:element>
      </xs:sequence>
      <xs:attribute name="ИдФайл" type="xs:string" use="required"/>
    </xs:complexType>
  </xs:element>
</xs:schema>
`;

const document = (knd: string): string =>
  `<?xml version="1.0" encoding="windows-1251"?>\n<Файл ИдФайл="X">\n  <Документ КНД="${knd}" НаимОрг="ООО «Ёлка»"/>\n</Файл>\n`;

describe('validateAgainstXsd', () => {
  let dir: string;
  let xsdPath: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tks-xsd-'));
    xsdPath = join(dir, 'NO_TEST_1_000_00_05_01_01.xsd');
    writeFileSync(xsdPath, iconv.encode(XSD, 'windows-1251'));
    clearXsdCache();
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts a conforming windows-1251 document given as decoded text', () => {
    expect(validateAgainstXsd(document('1152017'), xsdPath)).toEqual({ ok: true, value: { xsdPath } });
  });

  it('refuses a non-conforming document with FNS code 0300300001 and line-numbered issues', () => {
    const result = validateAgainstXsd(document('115'), xsdPath);
    expect(result).toMatchObject({ ok: false, error: { code: '0300300001' } });
    if (result.ok) return;
    expect(result.error.issues[0]).toMatchObject({ line: 3, message: expect.stringContaining('КНД') });
    expect(result.error.message).toContain('line 3');
    expect(result.error.detail).toEqual({ issues: result.error.issues.map((i) => ({ ...i })) });
  });

  it('reports a missing element', () => {
    const result = validateAgainstXsd('<Файл ИдФайл="X"/>', xsdPath);
    expect(result).toMatchObject({ ok: false, error: { code: '0300300001', issues: [{ line: 1 }] } });
  });

  it('reports a document libxml2 finds not well-formed, with its line', () => {
    const result = validateAgainstXsd('<Файл ИдФайл="X">\n<Документ КНД="1152017">\n</Файл>', xsdPath);
    expect(result).toMatchObject({ ok: false, error: { code: 'TKS-XML-MALFORMED' } });
    expect(!result.ok && result.error.issues[0]?.line).toBeGreaterThanOrEqual(2);
  });

  it('guards the document first: no DTD reaches libxml2', () => {
    const xxe =
      '<?xml version="1.0"?>\n<!DOCTYPE Файл [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<Файл ИдФайл="&x;"/>';
    expect(validateAgainstXsd(xxe, xsdPath)).toMatchObject({
      ok: false,
      error: { code: 'TKS-XML-DOCTYPE', issues: [{ line: 2, column: 1 }] },
    });
  });

  it('reads a schema once and keeps it until the cache is cleared', () => {
    expect(validateAgainstXsd(document('1152017'), xsdPath).ok).toBe(true);
    unlinkSync(xsdPath);
    expect(validateAgainstXsd(document('1152017'), xsdPath).ok).toBe(true);
    clearXsdCache();
    expect(() => validateAgainstXsd(document('1152017'), xsdPath)).toThrow(/ENOENT/);
  });

  it('throws for a schema that cannot be compiled, and keeps working afterwards', () => {
    const broken = join(dir, 'broken.xsd');
    writeFileSync(broken, '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element/></xs:schema>');
    expect(() => validateAgainstXsd(document('1152017'), broken)).toThrow(/cannot be compiled/);
    expect(validateAgainstXsd(document('115'), xsdPath)).toMatchObject({
      ok: false,
      error: { code: '0300300001' },
    });
    expect(validateAgainstXsd(document('1152017'), xsdPath).ok).toBe(true);
  });
});

describe('withUtf8Declaration', () => {
  it('rewrites only the encoding, on the same line', () => {
    expect(withUtf8Declaration(`<?xml version="1.0" encoding='windows-1251' standalone="yes"?>\n<a/>`)).toBe(
      `<?xml version="1.0" encoding='UTF-8' standalone="yes"?>\n<a/>`,
    );
    expect(withUtf8Declaration('<a encoding="x"/>')).toBe('<a encoding="x"/>');
  });
});

describe('validateAgainstXsd on long documents', () => {
  it('reports an unknown line rather than a wrong one past line 65534', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tks-xsd-'));
    try {
      const xsdPath = join(dir, 'a.xsd');
      writeFileSync(
        xsdPath,
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="a"><xs:complexType>' +
          '<xs:attribute name="x" type="xs:int"/></xs:complexType></xs:element></xs:schema>',
      );
      const result = validateAgainstXsd(`${'\n'.repeat(70_000)}<a x="nope"/>`, xsdPath);
      expect(result).toMatchObject({ ok: false, error: { code: '0300300001', issues: [{ line: null }] } });
      expect(!result.ok && result.error.message).not.toContain('line');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

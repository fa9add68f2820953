import { parseXmlDocument } from './parse';
import { childElement, type XmlElement } from './tree';

function parsed(text: string): XmlElement {
  const result = parseXmlDocument(text);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('parseXmlDocument', () => {
  it('builds a tree with attributes apart from children, in document order', () => {
    const root = parsed(
      '<?xml version="1.0" encoding="windows-1251"?>\n<Файл ИдФайл="X"><Документ КНД="1152017"/><Документ КНД="2"/></Файл>',
    );
    expect(root.name).toBe('Файл');
    expect(root.attributes.get('ИдФайл')).toBe('X');
    expect(root.children.map((c) => c.attributes.get('КНД'))).toEqual(['1152017', '2']);
  });

  it('keeps values exactly as written: no number parsing, no trimming', () => {
    const root = parsed('<a НомКорр="007" s=" x "><b> 1.50 </b></a>');
    expect(root.attributes.get('НомКорр')).toBe('007');
    expect(root.attributes.get('s')).toBe(' x ');
    expect(childElement(root, 'b')?.text).toBe(' 1.50 ');
  });

  it('resolves the predefined entities and character references, in text and attributes', () => {
    const root = parsed(
      '<a n="ООО &quot;Ромашка&quot; &amp; &#1050;&#x43E;"><b>&lt;&gt;&apos;&#1040;</b></a>',
    );
    expect(root.attributes.get('n')).toBe('ООО "Ромашка" & Ко');
    expect(childElement(root, 'b')?.text).toBe("<>'А");
  });

  it('keeps CDATA literal and drops comments and processing instructions', () => {
    const root = parsed('<a><!-- x --><?pi y?>t<![CDATA[&amp;<b>]]></a>');
    expect(root.text).toBe('t&amp;<b>');
    expect(root.children).toEqual([]);
  });

  it('normalizes line ends and whitespace in attribute values as XML 1.0 prescribes', () => {
    const root = parsed('<a v="x\r\ny\tz&#10;">1\r\n2\r3</a>');
    expect(root.attributes.get('v')).toBe('x y z\n');
    expect(root.text).toBe('1\n2\n3');
  });

  it('reports a mismatched end tag with its line and column', () => {
    const result = parseXmlDocument('<?xml version="1.0"?>\n<Файл>\n  <Документ>\n  </Файл>\n</Документ>');
    expect(result).toMatchObject({ ok: false, error: { code: 'TKS-XML-MALFORMED', detail: { line: 4 } } });
    expect(!result.ok && result.error.message).toMatch(/line 4/);
  });

  it('reports an unclosed root element', () => {
    expect(parseXmlDocument('<a><b></b>')).toMatchObject({ ok: false, error: { code: 'TKS-XML-MALFORMED' } });
  });

  it.each([
    ['a duplicate attribute', '<a x="1" x="2"/>', 1],
    ['an attribute without a value', '<a\n x/>', 2],
    ['an invalid element name', '<a>\n<1b/></a>', 2],
    ['a control character', '<a>\n\u0001</a>', 2],
    ['an XML declaration not at the start', ' <?xml version="1.0"?><a/>', 1],
  ])('refuses %s as malformed on line %i', (_what, text, line) => {
    expect(parseXmlDocument(text)).toMatchObject({
      ok: false,
      error: { code: 'TKS-XML-MALFORMED', detail: { line } },
    });
  });

  it('refuses an empty document', () => {
    expect(parseXmlDocument('')).toMatchObject({ ok: false, error: { code: 'TKS-XML-MALFORMED' } });
    expect(parseXmlDocument('<?xml version="1.0"?>\n')).toMatchObject({
      ok: false,
      error: { code: 'TKS-XML-MALFORMED' },
    });
  });

  it('runs the guard first: a DTD never reaches the parser', () => {
    expect(parseXmlDocument('<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>')).toMatchObject({
      ok: false,
      error: { code: 'TKS-XML-DOCTYPE' },
    });
  });

  it('applies the given limits', () => {
    expect(parseXmlDocument('<a><b><c/></b></a>', { maxDepth: 2 })).toMatchObject({
      ok: false,
      error: { code: 'TKS-XML-TOO-DEEP' },
    });
    expect(parseXmlDocument('<a x="1" y="2"/>', { maxAttributes: 1 })).toMatchObject({
      ok: false,
      error: { code: 'TKS-XML-TOO-MANY-ATTRIBUTES' },
    });
  });

  it('takes attribute names that are Object members literally, without polluting prototypes', () => {
    const root = parsed('<a constructor="y" toString="z" __proto__="x"/>');
    expect(root.attributes.get('constructor')).toBe('y');
    expect(root.attributes.get('toString')).toBe('z');
    expect(root.attributes.get('__proto__')).toBe('x');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('refuses, without throwing, element names fast-xml-parser reserves', () => {
    expect(parseXmlDocument('<a><constructor/></a>')).toMatchObject({
      ok: false,
      error: { code: 'TKS-XML-MALFORMED' },
    });
  });
});

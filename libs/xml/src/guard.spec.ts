import { DEFAULT_MAX_ATTRIBUTES, DEFAULT_MAX_DEPTH, guardXml } from './guard';

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<lolz>&lol9;</lolz>`;

const EXTERNAL_ENTITY = `<?xml version="1.0" encoding="windows-1251"?>
<!DOCTYPE Файл [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Файл ИдФайл="&xxe;"/>`;

const nested = (depth: number): string => '<a>'.repeat(depth) + '</a>'.repeat(depth);
const withAttributes = (count: number): string =>
  `<a ${Array.from({ length: count }, (_, i) => `x${i}="${i}"`).join(' ')}/>`;

describe('guardXml', () => {
  it('lets an ordinary document through and reports its shape', () => {
    const text = '<?xml version="1.0"?>\n<!-- c --><a x="1"><b/><c>t &amp; &#1040;<![CDATA[<&>]]></c></a>\n';
    expect(guardXml(text)).toEqual({ ok: true, value: { elements: 3, maxDepth: 2 } });
  });

  it('refuses the billion laughs', () => {
    expect(guardXml(BILLION_LAUGHS)).toMatchObject({
      ok: false,
      error: { code: 'TKS-XML-DOCTYPE', detail: { line: 2, column: 1 } },
    });
  });

  it('refuses an external entity (XXE)', () => {
    expect(guardXml(EXTERNAL_ENTITY)).toMatchObject({
      ok: false,
      error: { code: 'TKS-XML-DOCTYPE', detail: { line: 2 } },
    });
  });

  it.each([
    ['a lone ENTITY declaration', '<a/><!ENTITY x "y">'],
    ['DOCTYPE hidden in a comment', '<a><!-- <!DOCTYPE a> --></a>'],
    ['ENTITY hidden in CDATA', '<a><![CDATA[<!ENTITY x "y">]]></a>'],
    ['DOCTYPE in lowercase', '<!doctype a><a/>'],
    ['DOCTYPE after whitespace in the bang', '<! DOCTYPE a><a/>'],
    ['another markup declaration', '<a><!ELEMENT a ANY></a>'],
  ])('refuses %s', (_what, text) => {
    expect(guardXml(text)).toMatchObject({ ok: false, error: { code: 'TKS-XML-DOCTYPE' } });
  });

  it(`bounds nesting at ${DEFAULT_MAX_DEPTH} levels by default`, () => {
    expect(guardXml(nested(DEFAULT_MAX_DEPTH)).ok).toBe(true);
    expect(guardXml(nested(DEFAULT_MAX_DEPTH + 1))).toMatchObject({
      ok: false,
      error: { code: 'TKS-XML-TOO-DEEP' },
    });
    expect(guardXml(nested(10), { maxDepth: 9 })).toMatchObject({
      ok: false,
      error: { code: 'TKS-XML-TOO-DEEP' },
    });
  });

  it('counts an empty element as a level of its own', () => {
    expect(guardXml('<a><b/><b/><b/></a>')).toEqual({ ok: true, value: { elements: 4, maxDepth: 2 } });
    expect(guardXml('<a><b/></a>', { maxDepth: 1 })).toMatchObject({
      ok: false,
      error: { code: 'TKS-XML-TOO-DEEP' },
    });
  });

  it(`bounds attributes per element at ${DEFAULT_MAX_ATTRIBUTES} by default`, () => {
    expect(guardXml(withAttributes(DEFAULT_MAX_ATTRIBUTES)).ok).toBe(true);
    expect(guardXml(withAttributes(DEFAULT_MAX_ATTRIBUTES + 1))).toMatchObject({
      ok: false,
      error: { code: 'TKS-XML-TOO-MANY-ATTRIBUTES' },
    });
  });

  it('is not fooled by ">" or "=" inside attribute values, comments or CDATA', () => {
    const text = `<a x="1 > 0" y='=>=' z="a=b=c"><!-- <b> = > --><![CDATA[ <c> = ]]></a>`;
    expect(guardXml(text, { maxDepth: 1, maxAttributes: 3 })).toEqual({
      ok: true,
      value: { elements: 1, maxDepth: 1 },
    });
  });

  it('is not fooled by a "/>" inside an attribute value', () => {
    // If the scanner took the value's "/" for a self-closing tag, depth would stay 0 and <b> would be a second root.
    expect(guardXml('<a x="/"><b/></a>')).toEqual({ ok: true, value: { elements: 2, maxDepth: 2 } });
  });

  it.each([
    ['two root elements', '<a/><b/>', 1, 5],
    ['text after the root', '<a/>\n x', 2, 2],
    ['"<" in an attribute value', '<a x="<b>"/>', 1, 7],
    ['an undeclared entity', '<a>&nbsp;</a>', 1, 4],
    ['an undeclared entity in an attribute', '<a x="&xxe;"/>', 1, 7],
    ['a bare ampersand', '<a>fish & chips</a>', 1, 9],
    ['a reference to a forbidden character', '<a>&#0;</a>', 1, 4],
    ['an unterminated comment', '<a><!-- x</a>', 1, 4],
    ['an unterminated attribute value', '<a x="1/>', 1, 6],
    ['an unterminated start tag', '<a x="1"', 1, 1],
    ['an end tag without a start', '</a>', 1, 1],
  ])('refuses %s as malformed, with line and column', (_what, text, line, column) => {
    expect(guardXml(text)).toMatchObject({
      ok: false,
      error: { code: 'TKS-XML-MALFORMED', detail: { line, column } },
    });
  });

  it('runs in linear time on large and hostile input', () => {
    // Each of these is scanned to the end; a scanner that re-searched from the start of a tag or
    // backtracked over quotes would be quadratic in them.
    const inputs = [
      '<a>' + '<b x="1 > 0" y=\'/\'/>'.repeat(100_000) + '</a>',
      '<a ' + 'x="y" '.repeat(100_000) + '/>',
      '<a>' + '&amp;&#1040;'.repeat(100_000) + '</a>',
      '<a>' + '<!-- - < > -->'.repeat(100_000) + '</a>',
      '<a>' + '<![CDATA[ <!-- ]]>'.repeat(100_000) + '</a>',
      '<a>' + ' <! '.repeat(100_000),
    ];
    const started = Date.now();
    const results = inputs.map((text) => guardXml(text, { maxAttributes: 1_000_000 }));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(results.map((r) => r.ok)).toEqual([true, true, true, true, true, false]);
  });
});

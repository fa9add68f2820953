import { translateUsch, withFileName, xpathLiteral } from './translate';

const xpath = (expression: string): string => {
  const t = translateUsch(expression);
  if (!t.ok) throw new Error(t.reason);
  return t.xpath;
};

describe('translateUsch', () => {
  it('writes usch:iif as the equivalent boolean XPath 1.0', () => {
    expect(xpath('usch:iif(@ОбНал=1, count(А)!=0, count(Б)!=0)')).toBe(
      '((@ОбНал=1) and ( count(А)!=0) or not(@ОбНал=1) and ( count(Б)!=0))',
    );
  });

  it('expands nested calls and keeps commas inside calls and quotes in their argument', () => {
    const out = xpath("usch:iif (substring(@КПП,5,2)='4,U', usch:iif(@А=1, true(), false()), count(@Б)=0)");
    expect(out).not.toContain('usch:');
    expect(out).toContain("(substring(@КПП,5,2)='4,U')");
    expect(out).toContain('((@А=1) and ( true()) or not(@А=1) and ( false()))');
  });

  it('puts the file name in for usch:getFileName() when it is known', () => {
    const t = translateUsch('usch:getFileName() = @ИдФайл');
    expect(t).toMatchObject({ ok: true, usesFileName: true });
    if (!t.ok) return;
    expect(withFileName(t.xpath, 'NO_USN_1')).toBe("'NO_USN_1' = @ИдФайл");
  });

  it('refuses an extension function it does not know and an iif without three arguments', () => {
    expect(translateUsch('usch:compare(@А, 1)')).toEqual({
      ok: false,
      reason: 'usch:compare() has no XPath 1.0 translation',
    });
    expect(translateUsch('usch:iif(@А=1, true())')).toMatchObject({ ok: false });
  });
});

describe('xpathLiteral', () => {
  it('quotes any text, apostrophes and quotation marks included', () => {
    expect(xpathLiteral('a')).toBe("'a'");
    expect(xpathLiteral("O'Neil")).toBe('"O\'Neil"');
    expect(xpathLiteral(`a'b"c`)).toBe(`concat('a', "'", 'b"c')`);
  });
});

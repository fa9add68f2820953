import iconv from 'iconv-lite';
import { decodeDeclaration } from './decode';

const DECLARED_1251 = '<?xml version="1.0" encoding="windows-1251"?>';
const body = '<Файл НаимОрг="ООО «Ромашка» №1"><Текст>Ёжик в тумане</Текст></Файл>';
const cp1251 = (text: string): Buffer => iconv.encode(text, 'windows-1251');
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe('decodeDeclaration', () => {
  it('round-trips windows-1251 Cyrillic text', () => {
    const text = `${DECLARED_1251}\n${body}`;
    expect(decodeDeclaration(cp1251(text))).toEqual({ ok: true, value: { text, encoding: 'windows-1251' } });
  });

  it.each(['WINDOWS-1251', 'cp1251', 'CP1251'])('accepts the encoding name %s', (name) => {
    const text = `<?xml version='1.0' encoding='${name}' standalone="yes"?>${body}`;
    expect(decodeDeclaration(cp1251(text))).toMatchObject({
      ok: true,
      value: { encoding: 'windows-1251', text },
    });
  });

  it('reads UTF-8 when declared, and when there is no declaration at all', () => {
    const declared = `<?xml version="1.0" encoding="UTF-8"?>${body}`;
    expect(decodeDeclaration(Buffer.from(declared))).toEqual({
      ok: true,
      value: { text: declared, encoding: 'utf-8' },
    });
    expect(decodeDeclaration(Buffer.from(body))).toEqual({
      ok: true,
      value: { text: body, encoding: 'utf-8' },
    });
    const versionOnly = `<?xml version="1.0"?>${body}`;
    expect(decodeDeclaration(Buffer.from(versionOnly))).toMatchObject({
      ok: true,
      value: { encoding: 'utf-8' },
    });
  });

  it('drops a UTF-8 byte order mark from the text', () => {
    const text = `<?xml version="1.0" encoding="utf-8"?>${body}`;
    expect(decodeDeclaration(Buffer.concat([BOM, Buffer.from(text)]))).toEqual({
      ok: true,
      value: { text, encoding: 'utf-8' },
    });
  });

  it('refuses a UTF-8 file that declares windows-1251', () => {
    const result = decodeDeclaration(Buffer.from(`${DECLARED_1251}${body}`, 'utf8'));
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'TKS-ENCODING', detail: { detected: 'UTF-8' } },
    });
  });

  it('refuses a UTF-8 byte order mark in front of a windows-1251 declaration', () => {
    const result = decodeDeclaration(Buffer.concat([BOM, cp1251(`${DECLARED_1251}${body}`)]));
    expect(result).toMatchObject({ ok: false, error: { code: 'TKS-ENCODING' } });
    expect(!result.ok && result.error.message).toMatch(/byte order mark/);
  });

  it('refuses windows-1251 bytes in a document that declares UTF-8, naming the first bad byte', () => {
    const text = `<?xml version="1.0" encoding="UTF-8"?><a>Я</a>`;
    const bytes = cp1251(text);
    const result = decodeDeclaration(bytes);
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'TKS-ENCODING', detail: { offset: text.indexOf('Я') } },
    });
  });

  it('refuses an invalid UTF-8 byte in a document without a declaration', () => {
    const bytes = Buffer.concat([Buffer.from('<a>ok '), Buffer.from([0xc3, 0x28]), Buffer.from('</a>')]);
    expect(decodeDeclaration(bytes)).toMatchObject({
      ok: false,
      error: { code: 'TKS-ENCODING', detail: { offset: 6 } },
    });
  });

  it('refuses overlong UTF-8 and encoded surrogates', () => {
    expect(
      decodeDeclaration(Buffer.from([0x3c, 0x61, 0x3e, 0xc0, 0xbc, 0x3c, 0x2f, 0x61, 0x3e])),
    ).toMatchObject({
      ok: false,
      error: { code: 'TKS-ENCODING', detail: { offset: 3 } },
    });
    expect(
      decodeDeclaration(Buffer.from([0x3c, 0x61, 0x3e, 0xed, 0xa0, 0x80, 0x3c, 0x2f, 0x61, 0x3e])),
    ).toMatchObject({
      ok: false,
      error: { code: 'TKS-ENCODING', detail: { offset: 3 } },
    });
  });

  it('refuses a truncated UTF-8 sequence at the end', () => {
    const bytes = Buffer.concat([Buffer.from('<a/>'), Buffer.from([0xd0])]);
    expect(decodeDeclaration(bytes)).toMatchObject({
      ok: false,
      error: { code: 'TKS-ENCODING', detail: { offset: 4 } },
    });
  });

  it('refuses byte 0x98, which windows-1251 leaves unassigned', () => {
    const bytes = Buffer.concat([cp1251(`${DECLARED_1251}<a>`), Buffer.from([0x98]), cp1251('</a>')]);
    expect(decodeDeclaration(bytes)).toMatchObject({
      ok: false,
      error: { code: 'TKS-ENCODING', detail: { offset: 48 } },
    });
  });

  it.each(['ISO-8859-5', 'KOI8-R', 'UTF-16', 'x-mac-cyrillic', 'constructor', 'toString'])(
    'refuses the declared encoding %s',
    (name) => {
      const bytes = Buffer.from(`<?xml version="1.0" encoding="${name}"?><a/>`, 'latin1');
      expect(decodeDeclaration(bytes)).toMatchObject({
        ok: false,
        error: { code: 'TKS-ENCODING', detail: { declared: name } },
      });
    },
  );

  it('refuses UTF-16 with and without a byte order mark', () => {
    const utf16 = Buffer.from('<?xml version="1.0" encoding="UTF-16"?><a/>', 'utf16le');
    expect(decodeDeclaration(Buffer.concat([Buffer.from([0xff, 0xfe]), utf16]))).toMatchObject({
      ok: false,
      error: { code: 'TKS-ENCODING' },
    });
    expect(decodeDeclaration(utf16)).toMatchObject({ ok: false, error: { code: 'TKS-ENCODING' } });
  });

  it('refuses a malformed XML declaration', () => {
    const bytes = Buffer.from('<?xml encoding="UTF-8"?><a/>');
    expect(decodeDeclaration(bytes)).toMatchObject({ ok: false, error: { code: 'TKS-XML-MALFORMED' } });
  });

  it('refuses a document over the size limit before decoding it', () => {
    const bytes = Buffer.alloc(2048, 0x20);
    expect(decodeDeclaration(bytes, { maxBytes: 1024 })).toMatchObject({
      ok: false,
      error: { code: 'TKS-TOO-LARGE', detail: { size: 2048, limit: 1024 } },
    });
  });

  it('decodes a Uint8Array view into a larger buffer correctly', () => {
    const whole = cp1251(`XXXX${DECLARED_1251}<a>Ж</a>`);
    const view = new Uint8Array(whole.buffer, whole.byteOffset + 4, whole.length - 4);
    expect(decodeDeclaration(view)).toMatchObject({ ok: true, value: { text: `${DECLARED_1251}<a>Ж</a>` } });
  });
});

import iconv from 'iconv-lite';
import { Readable } from 'node:stream';
import { buildNdfl3Declaration } from './fixtures/ndfl3-declaration';
import { buildUsnDeclaration } from './fixtures/usn-declaration';
import { readDeclarationHeader } from './declaration';
import { checkDeclarationStream, readDeclarationHeaderFromStream } from './stream-check';

/** Feeds the bytes in small chunks, so every rule is exercised across chunk boundaries. */
const inChunks = (bytes: Buffer, size = 7): Readable =>
  Readable.from(
    Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) =>
      bytes.subarray(i * size, (i + 1) * size),
    ),
  );
const codeOf = async (bytes: Buffer, size?: number) => {
  const result = await checkDeclarationStream(inChunks(bytes, size));
  return result.ok ? 'ok' : result.error.code;
};
const cp1251 = (text: string) => iconv.encode(text, 'windows-1251');
const GUID = 'A1B2C3D4-E5F6-4711-8899-AABBCCDDEEFF';

describe('checkDeclarationStream', () => {
  const declaration = buildUsnDeclaration({ guid: GUID, date: { year: 2025, month: 3, day: 28 } });

  it.each([1, 7, 4096])(
    'reads the same header as the in-memory reader, in chunks of %i bytes',
    async (size) => {
      const result = await checkDeclarationStream(inChunks(declaration.bytes, size));
      const expected = readDeclarationHeader(declaration.text);
      expect(result).toEqual({
        ok: true,
        value: {
          header: expected.ok && expected.value,
          encoding: 'windows-1251',
          bytes: declaration.bytes.length,
        },
      });
    },
  );

  it('reads the 3-NDFL 5.20 filer (НПФЛ3 with the INN as element text) as the in-memory reader does', async () => {
    const d = buildNdfl3Declaration();
    const streamed = await checkDeclarationStream(inChunks(d.bytes, 5));
    const inMemory = readDeclarationHeader(d.text);
    expect(streamed).toMatchObject({
      ok: true,
      value: { header: { taxpayer: { kind: 'person', inn: '500100732259' } } },
    });
    if (!streamed.ok || !inMemory.ok) return;
    expect(streamed.value.header).toEqual(inMemory.value);
  });

  it('accepts the same declaration in UTF-8', async () => {
    const utf8 = Buffer.from(declaration.text.replace('windows-1251', 'UTF-8'));
    expect(await codeOf(utf8)).toBe('ok');
  });

  it('ignores the header-like elements outside the header (Подписант/ФИО)', async () => {
    expect(await codeOf(declaration.bytes, 1000)).toBe('ok');
  });

  it.each([
    ['UTF-8 bytes labelled windows-1251', Buffer.from(declaration.text), 'TKS-ENCODING'],
    [
      'byte 0x98 in windows-1251',
      Buffer.concat([
        declaration.bytes.subarray(0, 300),
        Buffer.from([0x98]),
        declaration.bytes.subarray(300),
      ]),
      'TKS-ENCODING',
    ],
    [
      'windows-1251 bytes labelled UTF-8',
      cp1251(declaration.text.replace('windows-1251', 'UTF-8')),
      'TKS-ENCODING',
    ],
    ['a KOI8-R label', cp1251(declaration.text.replace('windows-1251', 'KOI8-R')), 'TKS-ENCODING'],
    [
      'a DOCTYPE split across chunks',
      cp1251(declaration.text.replace('<Файл', '<!DOCTYPE Файл [<!ENTITY x "y">]><Файл')),
      'TKS-XML-DOCTYPE',
    ],
    [
      'an ENTITY declaration after the root starts',
      cp1251(declaration.text.replace('<СвНП>', '<!ENTITY x "y"><СвНП>')),
      'TKS-XML-DOCTYPE',
    ],
    ['a missing end tag', cp1251(declaration.text.replace('</Документ>', '')), 'TKS-XML-MALFORMED'],
    [
      'an undefined entity reference',
      cp1251(declaration.text.replace('НомКорр="0"', 'НомКорр="&x;"')),
      'TKS-XML-MALFORMED',
    ],
    [
      'deep nesting',
      cp1251(declaration.text.replace('</УСН>', `${'<a>'.repeat(70)}${'</a>'.repeat(70)}</УСН>`)),
      'TKS-XML-TOO-DEEP',
    ],
    [
      'too many attributes',
      cp1251(
        declaration.text.replace(
          '<УСН ',
          `<УСН ${Array.from({ length: 300 }, (_, i) => `x${i}="1"`).join(' ')} `,
        ),
      ),
      'TKS-XML-TOO-MANY-ATTRIBUTES',
    ],
    [
      'a wrong INN check digit',
      cp1251(declaration.text.replace('ИННЮЛ="7707083893"', 'ИННЮЛ="7707083894"')),
      'TKS-INN-CHECK-DIGIT',
    ],
    [
      'two Документ',
      cp1251(declaration.text.replace('</Файл>', '<Документ/></Файл>')),
      'TKS-DECLARATION-HEADER',
    ],
    ['nothing at all', Buffer.alloc(0), 'TKS-XML-MALFORMED'],
  ])('refuses %s', async (_what, bytes, code) => {
    expect(await codeOf(bytes)).toBe(code);
  });

  it('keeps comments and CDATA, which are not declarations', async () => {
    const text = declaration.text.replace('<СвНП>', '<!-- комментарий --><СвНП>');
    expect(await codeOf(cp1251(text), 3)).toBe('ok');
  });
});

describe('readDeclarationHeaderFromStream', () => {
  const declaration = buildUsnDeclaration({ guid: GUID, date: { year: 2025, month: 3, day: 28 } });
  const expected = readDeclarationHeader(declaration.text);

  it('reads the header and stops reading once СвНП has closed', async () => {
    const close = declaration.text.indexOf('</СвНП>');
    expect(close).toBeGreaterThan(0);
    let read = 0;
    const chunks = inChunks(declaration.bytes, 64);
    async function* counted(): AsyncGenerator<Buffer> {
      for await (const chunk of chunks) {
        read += (chunk as Buffer).length;
        yield chunk as Buffer;
      }
    }
    expect(await readDeclarationHeaderFromStream(counted())).toEqual(expected);
    expect(read).toBeLessThan(declaration.bytes.length);
    expect(chunks.destroyed).toBe(true);
  });

  it('refuses, as the whole-document reader does, a declaration without a header', async () => {
    const result = await readDeclarationHeaderFromStream(
      inChunks(cp1251('<?xml version="1.0" encoding="windows-1251"?><Файл/>')),
    );
    expect(result.ok).toBe(false);
  });
});

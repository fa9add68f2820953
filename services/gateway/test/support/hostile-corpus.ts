import iconv from 'iconv-lite';
import { buildUsnDeclaration } from '../../../../libs/xml/src/fixtures';
import { SUBSCRIBER_A } from './gateway-under-test';

/** The intake's size limit the corpus is built for (MAX_DECLARATION_BYTES of the gateway under test). */
export const MAX_BYTES = 64 * 1024;
export const company = { inn: '7707083893', kpp: '773601001', taxOfficeCode: '7736' };
export const valid = () => buildUsnDeclaration(company);
const cp1251 = (text: string) => iconv.encode(text, 'windows-1251');

export interface HostileCase {
  name: string;
  body: Buffer | (() => FormData);
  contentType?: string;
  code: string;
  /** A validation refusal is recorded as a refused filing; a malformed request is not. */
  recorded: boolean;
  /** The declaration's own name (ИдФайл.xml), where it has one: what a client would send it as. */
  fileName?: string;
}

const named = (d: { bytes: Buffer; fileName: string }) => ({ body: d.bytes, fileName: d.fileName });

const multipart = (build: (form: FormData) => void) => () => {
  const form = new FormData();
  build(form);
  return form;
};

/** The corpus: each input breaks the intake in one way (hostile-corpus.int-spec.ts, checks.int-spec.ts). */
export const hostileCorpus = (): HostileCase[] => {
  const d = valid();
  const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><lolz>&lol2;</lolz>`;
  return [
    { name: 'an empty body', body: Buffer.alloc(0), code: 'TKS-XML-MALFORMED', recorded: true },
    { name: 'plain text', body: Buffer.from('hello, tax office'), code: 'TKS-XML-MALFORMED', recorded: true },
    {
      name: 'random bytes',
      body: Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)),
      code: 'TKS-ENCODING',
      recorded: true,
    },
    { name: 'NUL bytes', body: Buffer.alloc(1024), code: 'TKS-ENCODING', recorded: true },
    { name: 'the billion laughs', body: Buffer.from(bomb), code: 'TKS-XML-DOCTYPE', recorded: true },
    {
      name: 'an external entity (XXE)',
      body: cp1251(d.text.replace('<Файл', '<!DOCTYPE Файл [<!ENTITY x SYSTEM "file:///etc/passwd">]><Файл')),
      code: 'TKS-XML-DOCTYPE',
      recorded: true,
    },
    {
      name: 'UTF-16',
      body: Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from(d.text.replace('windows-1251', 'UTF-16'), 'utf16le'),
      ]),
      code: 'TKS-ENCODING',
      recorded: true,
    },
    {
      name: 'KOI8-R declared',
      body: cp1251(d.text.replace('windows-1251', 'KOI8-R')),
      code: 'TKS-ENCODING',
      recorded: true,
    },
    {
      name: 'UTF-8 bytes labelled windows-1251',
      body: Buffer.from(d.text, 'utf8'),
      code: 'TKS-ENCODING',
      recorded: true,
    },
    {
      name: 'a truncated document',
      body: d.bytes.subarray(0, d.bytes.length - 40),
      code: 'TKS-XML-MALFORMED',
      recorded: true,
    },
    {
      name: 'two root elements',
      body: cp1251(`${d.text}<Файл/>`),
      code: 'TKS-XML-MALFORMED',
      recorded: true,
    },
    {
      name: '5 000 nested elements',
      body: cp1251(d.text.replace('</УСН>', `${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}</УСН>`)),
      code: 'TKS-XML-TOO-DEEP',
      recorded: true,
    },
    {
      name: '5 000 attributes',
      body: cp1251(
        d.text.replace('<УСН ', `<УСН ${Array.from({ length: 5000 }, (_, i) => `a${i}="1"`).join(' ')} `),
      ),
      code: 'TKS-XML-TOO-MANY-ATTRIBUTES',
      recorded: true,
    },
    {
      name: 'a body over the size limit',
      body: cp1251(d.text.replace('<УСН ', `<УСН x="${'я'.repeat(MAX_BYTES * 16)}" `)),
      code: 'TKS-TOO-LARGE',
      recorded: true,
    },
    {
      name: 'a form without a registered schema',
      ...named(buildUsnDeclaration({ ...company, formCode: '1234567' })),
      code: '0300300001',
      recorded: true,
    },
    {
      name: 'an unknown format version',
      ...named(buildUsnDeclaration({ ...company, formatVersion: '5.07' })),
      code: '0300300001',
      recorded: true,
    },
    {
      name: 'a declaration of another taxpayer',
      ...named(buildUsnDeclaration({ inn: '7728168971', kpp: '773601001', taxOfficeCode: '7736' })),
      code: 'TKS-SUBSCRIBER-MISMATCH',
      recorded: true,
    },
    {
      name: 'a text/plain body',
      body: d.bytes,
      contentType: 'text/plain',
      code: 'TKS-MEDIA-TYPE',
      recorded: false,
    },
    {
      name: 'multipart without a boundary',
      body: Buffer.from('--x\r\n'),
      contentType: 'multipart/form-data',
      code: 'TKS-REQUEST-INVALID',
      recorded: false,
    },
    {
      name: 'multipart cut off in the middle',
      body: Buffer.from(
        `--b\r\nContent-Disposition: form-data; name="subscriberId"\r\n\r\n${SUBSCRIBER_A}\r\n--b\r\nContent-Disposition: form-data; name="declaration"; filename="x.xml"\r\n\r\n<Файл`,
      ),
      contentType: 'multipart/form-data; boundary=b',
      code: 'TKS-REQUEST-INVALID',
      recorded: false,
    },
    {
      name: 'multipart with an unknown part',
      body: multipart((f) => {
        f.set('subscriberId', SUBSCRIBER_A);
        f.set('declaration', new Blob([d.bytes]), d.fileName);
        f.set('payload', new Blob([Buffer.from('x')]), 'x');
      }),
      code: 'TKS-REQUEST-INVALID',
      recorded: false,
    },
    {
      name: 'multipart without the declaration',
      body: multipart((f) => f.set('subscriberId', SUBSCRIBER_A)),
      code: 'TKS-REQUEST-INVALID',
      recorded: false,
    },
    {
      name: 'multipart with an oversized declaration',
      body: multipart((f) => {
        f.set('subscriberId', SUBSCRIBER_A);
        f.set('declaration', new Blob([Buffer.alloc(MAX_BYTES + 10, 0x20)]), 'big.xml');
      }),
      code: 'TKS-TOO-LARGE',
      recorded: true,
    },
    {
      name: 'multipart with an oversized signature',
      body: multipart((f) => {
        f.set('subscriberId', SUBSCRIBER_A);
        f.set('declaration', new Blob([d.bytes]), d.fileName);
        f.set('signature', new Blob([Buffer.alloc(MAX_BYTES + 10)]), 's.sig');
      }),
      code: 'TKS-TOO-LARGE',
      recorded: false,
    },
  ];
};

import { randomUUID } from 'node:crypto';
import { encode } from 'iconv-lite';
import { buildUsnDeclaration } from '../../../../libs/xml/src/fixtures';
import { SubscriberView } from '../subscribers/subscriber-view.entity';
import { checkDeclaration } from './declaration-check';

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

const codeOf = (bytes: Buffer, fileName?: string) => {
  const result = checkDeclaration(bytes, { subscriber, fileName });
  return result.ok ? 'ok' : result.problem.code;
};

describe('checkDeclaration', () => {
  it('accepts a valid windows-1251 declaration and reports its file id, form and tax office', () => {
    const d = buildUsnDeclaration(company);
    const { text, ...result } = checkDeclaration(d.bytes, { subscriber, fileName: d.fileName });
    expect(text).toBe(d.text);
    expect(result).toEqual({
      ok: true,
      value: {
        fileId: d.fileId,
        formCode: '1152017',
        formatVersion: '5.09',
        taxOfficeCode: '7736',
        history: expect.objectContaining({ taxpayerInn: '7707083893', taxpayerKpp: '773601001' }),
      },
    });
  });

  it('accepts the same declaration sent in UTF-8', () => {
    const d = buildUsnDeclaration(company);
    const utf8 = Buffer.from(d.text.replace('encoding="windows-1251"', 'encoding="UTF-8"'), 'utf8');
    expect(codeOf(utf8)).toBe('ok');
  });

  it('refuses a declared encoding other than windows-1251 or UTF-8', () => {
    const d = buildUsnDeclaration(company);
    const utf8Claiming1251 = Buffer.from(
      d.text.replace('encoding="windows-1251"', 'encoding="KOI8-R"'),
      'utf8',
    );
    expect(codeOf(utf8Claiming1251)).toBe('TKS-ENCODING');
  });

  it('refuses a DOCTYPE before any parser expands it', () => {
    const d = buildUsnDeclaration(company);
    const hostile = d.text.replace(
      '<Файл',
      '<!DOCTYPE Файл [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<Файл',
    );
    expect(codeOf(encode(hostile, 'win1251'))).toBe('TKS-XML-DOCTYPE');
  });

  it('refuses malformed XML', () => {
    const d = buildUsnDeclaration(company);
    expect(codeOf(encode(d.text.replace('</Документ>', ''), 'win1251'))).toBe('TKS-XML-MALFORMED');
  });

  it('refuses a file whose name differs from its ИдФайл (0400400007)', () => {
    const d = buildUsnDeclaration(company);
    expect(codeOf(d.bytes, 'declaration.xml')).toBe('0400400007');
  });

  it('refuses a declaration whose ИдФайл names another INN (0400100005)', () => {
    const d = buildUsnDeclaration({
      ...company,
      fileId: `NO_USN_7736_7736_7728168971773601001_20261125_${randomUUID().toUpperCase()}`,
    });
    expect(codeOf(d.bytes)).toBe('0400100005');
  });

  it('refuses a declaration whose ИдФайл names another final tax office (0100200001)', () => {
    const d = buildUsnDeclaration({
      ...company,
      fileId: `NO_USN_7736_7701_7707083893773601001_20261125_${randomUUID().toUpperCase()}`,
    });
    expect(codeOf(d.bytes)).toBe('0100200001');
  });

  it('refuses a declaration of a taxpayer other than the subscriber', () => {
    const d = buildUsnDeclaration({ inn: '7728168971', kpp: '773601001', taxOfficeCode: '7736' });
    expect(codeOf(d.bytes)).toBe('TKS-SUBSCRIBER-MISMATCH');
  });

  it('refuses a malformed ИдФайл', () => {
    const d = buildUsnDeclaration({ ...company, fileId: 'NO_USN_broken' });
    expect(codeOf(d.bytes)).not.toBe('ok');
  });
});

import { decode, encode } from 'iconv-lite';
import { validateAgainstXsd } from '@tks/xml';
import { buildReceiptNotice, ReceiptNoticeInvalid, receiptNoticeFileId } from './receipt-notice-builder';
import { subscriberParty } from './receipt-notice-party';
import { readReceiptNotice } from './receipt-notice-reader';
import { receiptNoticeSchemaPath } from './receipt-notice-schema';

const acceptance =
  'KV_NO_USN_9991_9991_7707083893773601001_20260120_5B0E2C71-9D4A-4F3B-8E6C-2A7D1F9C4B38.xml';
const company = subscriberParty({
  kind: 'company',
  name: 'ПАО Сбербанк',
  inn: '7707083893',
  kpp: '773601001',
  subscriberId: '2TK-0123456789abcdef0123456789abcdef',
});
const notice = (overrides: Partial<Parameters<typeof buildReceiptNotice>[0]> = {}) =>
  buildReceiptNotice({
    receivedFileName: acceptance,
    // 21:30:05 UTC is 00:30:05 the next day in Moscow.
    receivedAt: new Date('2026-01-20T21:30:05Z'),
    confirmer: company,
    sender: { kind: 'tax-office', code: '9991', address: '9991' },
    programVersion: 'tks ack 0.1',
    ...overrides,
  });

describe('buildReceiptNotice', () => {
  it('names the notice IZ_ + the confirmed file and writes windows-1251 valid against the IZ schema', () => {
    const built = notice();
    expect(built.fileId).toBe(`IZ_${acceptance.replace(/\.xml$/, '')}`);
    expect(built.fileName).toBe(`IZ_${acceptance}`);
    const text = decode(built.bytes, 'win1251');
    expect(text).toMatch(/^<\?xml version="1.0" encoding="windows-1251"\?>/);
    expect(validateAgainstXsd(text, receiptNoticeSchemaPath()).ok).toBe(true);
    expect(text).toContain('КНД="1166008"');
    expect(text).toContain('ВерсФорм="5.00"');
  });

  it('writes the date and time of receipt in Moscow time, with dots', () => {
    const text = decode(notice().bytes, 'win1251');
    expect(text).toContain('ДатаПол="21.01.2026"');
    expect(text).toContain('ВремяПол="00.30.05"');
  });

  it('names the confirming company, the tax office as sender and the company as recipient', () => {
    const text = decode(notice().bytes, 'win1251');
    expect(text).toMatch(
      /<ПодтвДок E-mail="2TK-[0-9a-f]{32}">\s*<ЮЛ НаимОрг="ПАО Сбербанк" ИННЮЛ="7707083893" КПП="773601001"/,
    );
    expect(text).toMatch(/<ОтпрДок E-mail="9991">\s*<КодНО>9991<\/КодНО>/);
    expect(text).toMatch(/<ПолДок E-mail="2TK-[0-9a-f]{32}">\s*<ЮЛ /);
    expect(text).toContain(`ИмяПостФайла="${acceptance}"`);
  });

  it('writes a person by INN and ФИО', () => {
    const person = subscriberParty({ kind: 'person', name: 'Иванов Иван Иванович', inn: '500100732259' });
    const text = decode(notice({ confirmer: person }).bytes, 'win1251');
    expect(text).toMatch(/<ФЛ ИННФЛ="500100732259">\s*<ФИО Фамилия="Иванов" Имя="Иван" Отчество="Иванович"/);
  });

  it('refuses to write what the schema does not allow (a malformed INN)', () => {
    expect(() => notice({ confirmer: { kind: 'company', name: 'X', inn: '77', kpp: '773601001' } })).toThrow(
      ReceiptNoticeInvalid,
    );
  });
});

describe('readReceiptNotice', () => {
  it('reads back what the builder wrote', () => {
    expect(readReceiptNotice(notice().bytes)).toEqual({
      ok: true,
      value: {
        fileId: receiptNoticeFileId(acceptance),
        receivedFileNames: [acceptance],
        confirmerInn: '7707083893',
        confirmerAddress: '2TK-0123456789abcdef0123456789abcdef',
      },
    });
  });

  it('refuses a notice that breaks the schema with 0300300001', () => {
    const text = decode(notice().bytes, 'win1251').replace('КНД="1166008"', 'КНД="1166002"');
    const read = readReceiptNotice(encode(text, 'win1251'));
    expect(read.ok ? 'ok' : read.error.code).toBe('0300300001');
  });

  it('refuses malformed XML', () => {
    const read = readReceiptNotice(Buffer.from('<?xml version="1.0" encoding="UTF-8"?><Файл>'));
    expect(read.ok ? 'ok' : read.error.code).toBe('TKS-XML-MALFORMED');
  });
});

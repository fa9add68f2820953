import { decode } from 'iconv-lite';
import { XMLParser } from 'fast-xml-parser';
import { readDeclarationHeader, validateAgainstXsd } from '@tks/xml';
import { buildUsnDeclaration } from '../../../../libs/xml/src/fixtures';
import { receiptSchemaPath } from '../documents/receipt-xml';
import { buildSendingDateConfirmation, SendingDateConfirmationInput } from './sending-date-confirmation';

describe('buildSendingDateConfirmation', () => {
  const declaration = buildUsnDeclaration({ inn: '7707083893', kpp: '773601001', taxOfficeCode: '7736' });
  const header = readDeclarationHeader(declaration.text);
  if (!header.ok) throw new Error(header.error.message);
  const declarationFileName = declaration.fileName;
  const input: SendingDateConfirmationInput = {
    operatorCode: '2TK',
    operatorName: 'ООО «Оператор»',
    subscriberId: '2TK-0123456789abcdef0123456789abcdef',
    taxpayer: header.value.taxpayer,
    taxOfficeCode: '7736',
    declarationFileName,
    declarationSignature: Buffer.from([0x30, 0x82, 0x01, 0x00, 0xff]),
    // 20:59:58.250 UTC is 23:59:58 in Moscow.
    sentAt: new Date('2026-03-31T20:59:58.250Z'),
    programVersion: 'tks test',
  };
  const parse = (bytes: Buffer) =>
    new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false }).parse(
      decode(bytes, 'win1251'),
    );

  it('is named PD_ plus the declaration file name', () => {
    expect(buildSendingDateConfirmation(input).fileName).toBe(`PD_${declarationFileName}`);
  });

  it('writes КНД 1166004 in windows-1251 with the sending time in Moscow time and the signature quoted', () => {
    const { bytes } = buildSendingDateConfirmation(input);
    const text = decode(bytes, 'win1251');
    expect(text.startsWith('<?xml version="1.0" encoding="windows-1251"?>')).toBe(true);
    expect(bytes.includes(Buffer.from('Файл', 'utf8'))).toBe(false);
    const valid = validateAgainstXsd(text, receiptSchemaPath('sending-date-confirmation'));
    expect(valid.ok ? 'valid' : valid.error.message).toBe('valid');
    const doc = parse(bytes)['Файл']['Документ'];
    expect(doc['КНД']).toBe('1166004');
    expect(doc['ОргПодт']['СпецОперат']).toEqual({ ИденСОС: '2TK', НаимОрг: 'ООО «Оператор»' });
    expect(doc['СведПодтв']).toMatchObject({ ДатаОтпр: '31.03.2026', ВремяОтпр: '23.59.58' });
    expect(doc['СведПодтв']['СведОтпрФайл']).toEqual({
      ИмяПостФайла: declarationFileName,
      ЭЦППолФайл: input.declarationSignature.toString('base64'),
    });
    expect(doc['СвОтпр']).toMatchObject({
      'E-mail': input.subscriberId,
      ОтпрЮЛ: { ИННЮЛ: '7707083893', КПП: '773601001' },
    });
    expect(doc['СвПолДок']['ОтпрНО']).toMatchObject({ КодНО: '7736' });
  });

  it('names an unreadable declaration sender as an unnamed person, still valid', () => {
    const { bytes } = buildSendingDateConfirmation({ ...input, taxpayer: null });
    const valid = validateAgainstXsd(
      decode(bytes, 'win1251'),
      receiptSchemaPath('sending-date-confirmation'),
    );
    expect(valid.ok).toBe(true);
  });
});

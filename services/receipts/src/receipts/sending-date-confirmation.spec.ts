import { decode } from 'iconv-lite';
import { XMLParser } from 'fast-xml-parser';
import { buildSendingDateConfirmation } from './sending-date-confirmation';

describe('buildSendingDateConfirmation', () => {
  const input = {
    confirmationId: '0b1c2d3e-4f50-4617-8899-aabbccddeeff',
    operatorCode: '2TK',
    subscriberId: '2TK-0123456789abcdef0123456789abcdef',
    taxOfficeCode: '7736',
    docflowId: 'a06f4816977d4bd0b72046361b45e947',
    sentAt: new Date('2026-03-31T23:59:58.250Z'),
    files: [
      {
        fileName: 'NO_USN_7736_7736_7707083893773601001_20260331_X.xml',
        receivedAt: new Date('2026-03-31T23:59:58Z'),
      },
      {
        fileName: 'NO_USN_7736_7736_7707083893773601001_20260331_X.xml.sig',
        receivedAt: new Date('2026-04-01T00:00:01Z'),
      },
    ],
    programVersion: 'tks test',
  };

  it('names the file PD_NOPRIB with operator, tax office, UTC date and the confirmation id', () => {
    const { fileName } = buildSendingDateConfirmation(input);
    expect(fileName).toBe('PD_NOPRIB_2TK_7736_20260331_0b1c2d3e4f5046178899aabbccddeeff.xml');
  });

  it('writes windows-1251 with the sending time in UTC and each file with its own receipt time', () => {
    const { bytes } = buildSendingDateConfirmation(input);
    const text = decode(bytes, 'win1251');
    expect(text.startsWith('<?xml version="1.0" encoding="windows-1251"?>')).toBe(true);
    expect(bytes.includes(Buffer.from('Файл', 'utf8'))).toBe(false);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(text);
    const confirmation = doc['Файл']['Документ']['ПодтвДатОтпр'];
    expect(confirmation).toMatchObject({
      ИдДокооборот: input.docflowId,
      ДатаОтпр: '31.03.2026',
      ВремОтпр: '23:59:58',
      СмещВрем: '+00:00',
    });
    expect(confirmation['СвФайл']).toEqual([
      { ИмяФайла: input.files[0].fileName, ДатаПолуч: '31.03.2026', ВремПолуч: '23:59:58' },
      { ИмяФайла: input.files[1].fileName, ДатаПолуч: '01.04.2026', ВремПолуч: '00:00:01' },
    ]);
  });
});

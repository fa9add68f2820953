import { XMLParser } from 'fast-xml-parser';
import { decode } from 'iconv-lite';
import { readDeclarationHeader, validateAgainstXsd } from '@tks/xml';
import { buildUsnDeclaration } from '../../../../libs/xml/src/fixtures';
import { receiptSchemaPath } from '../receipts/receipt-xml';
import { buildAcceptanceReceipt } from './acceptance-receipt';
import { AnsweredFiling } from './answer-common';
import { buildRefusalNotice } from './refusal-notice';
import { REFUSAL_NOTICE_FORM_CODE, REFUSAL_REASONS } from './refusal-reasons';

const parse = (bytes: Buffer) =>
  new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseAttributeValue: false }).parse(
    decode(bytes, 'win1251'),
  );

describe('the tax office answers', () => {
  const declaration = buildUsnDeclaration({
    inn: '7707083893',
    kpp: '773601001',
    taxOfficeCode: '7736',
    period: '34',
    reportYear: 2025,
    correctionNumber: 1,
  });
  const header = (() => {
    const h = readDeclarationHeader(declaration.text);
    if (!h.ok) throw new Error(h.error.message);
    return h.value;
  })();
  const filing: AnsweredFiling = {
    receiptId: '0b1c2d3e-4f50-4617-8899-aabbccddeeff',
    operatorCode: '2TK',
    taxOfficeCode: '7736',
    declarationFileName: declaration.fileName,
    sentAt: new Date('2026-03-31T23:59:58Z'),
    receivedAt: new Date('2026-04-01T00:00:03Z'),
    issuedAt: new Date('2026-04-01T00:00:04Z'),
    programVersion: 'tks test',
  };

  it('writes the receipt of acceptance (КНД 1166002) in windows-1251 with the declaration header', () => {
    const { fileName, bytes } = buildAcceptanceReceipt(filing, header);
    expect(fileName).toBe('KV_NOPRIB_2TK_7736_20260401_0b1c2d3e4f5046178899aabbccddeeff.xml');
    expect(bytes.includes(Buffer.from('СвКвит', 'utf8'))).toBe(false);
    const doc = parse(bytes)['Файл']['Документ'];
    expect(doc['КНД']).toBe('1166002');
    expect(doc['СвНалОргПост']).toEqual({ КодНО: '7736' });
    expect(doc['СвНП']['НПЮЛ']).toMatchObject({ ИННЮЛ: '7707083893', КПП: '773601001' });
    expect(doc['СвКвит']).toEqual({
      ИмяОбрабФайла: declaration.fileName,
      ДатаПредст: '31.03.2026',
      ВремПредст: '23:59:58',
      ДатаПост: '01.04.2026',
      ДатаПрин: '01.04.2026',
      СмещВрем: '+00:00',
      РегНом: '0B1C2D3E4F5046178899AABBCCDDEEFF',
      КНД: '1152017',
      НомКорр: '1',
      Период: '34',
      ОтчетГод: '2025',
    });
  });

  it('writes the notice of refusal with one ПричОтказ per reason', () => {
    const reasons = [REFUSAL_REASONS.WRONG_TAX_OFFICE, REFUSAL_REASONS.SIGNATURE_MISMATCH];
    const { fileName, bytes } = buildRefusalNotice(filing, header, reasons);
    expect(fileName).toMatch(/^UO_NOOTKAZ_2TK_7736_20260401_[0-9a-f]{32}\.xml$/);
    const doc = parse(bytes)['Файл']['Документ'];
    expect(doc['КНД']).toBe(REFUSAL_NOTICE_FORM_CODE);
    expect(doc['ПричОтказ']).toEqual([
      { КодОш: '0100200001', ТекстОш: REFUSAL_REASONS.WRONG_TAX_OFFICE.text },
      { КодОш: '0100100004', ТекстОш: REFUSAL_REASONS.SIGNATURE_MISMATCH.text },
    ]);
  });

  it('writes a refusal notice without СвНП when the header could not be read', () => {
    const { bytes } = buildRefusalNotice(filing, null, [REFUSAL_REASONS.SCHEMA_VIOLATION]);
    expect(parse(bytes)['Файл']['Документ']['СвНП']).toBeUndefined();
  });

  it('never issues a refusal notice without a reason', () => {
    expect(() => buildRefusalNotice(filing, header, [])).toThrow('at least one reason');
  });

  it('has schemas that reject what the format forbids', () => {
    const { bytes } = buildAcceptanceReceipt(filing, header);
    const broken = decode(bytes, 'win1251').replace('ОтчетГод="2025"', 'ОтчетГод="25"');
    const result = validateAgainstXsd(broken, receiptSchemaPath('acceptance-receipt'));
    expect(result.ok).toBe(false);
  });
});

import { XMLParser } from 'fast-xml-parser';
import { decode } from 'iconv-lite';
import { readDeclarationHeader, validateAgainstXsd } from '@tks/xml';
import { buildNdfl3Declaration, buildUsnDeclaration } from '../../../../libs/xml/src/fixtures';
import { receiptSchemaPath, ReceiptSchema } from '../documents/receipt-xml';
import { buildAcceptanceReceipt } from './acceptance-receipt';
import { AnsweredFiling } from './answer-common';
import { buildClarificationNotice } from './clarification-notice';
import { buildInputNotice } from './input-notice';
import { buildRefusalNotice } from './refusal-notice';
import { REFUSAL_NOTICE_FORM_CODE, REFUSAL_REASONS } from './refusal-reasons';

const parse = (bytes: Buffer) =>
  new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseAttributeValue: false,
    parseTagValue: false,
  }).parse(decode(bytes, 'win1251'));

const headerOf = (text: string) => {
  const h = readDeclarationHeader(text);
  if (!h.ok) throw new Error(h.error.message);
  return h.value;
};

/** Each document is checked again here against the official schema of its type. */
function expectValid(bytes: Buffer, schema: ReceiptSchema): void {
  const result = validateAgainstXsd(decode(bytes, 'win1251'), receiptSchemaPath(schema));
  expect(result.ok ? 'valid' : result.error.message).toBe('valid');
}

describe('the tax office answers', () => {
  const declaration = buildUsnDeclaration({
    inn: '7707083893',
    kpp: '773601001',
    taxOfficeCode: '7736',
    period: '34',
    reportYear: 2025,
    correctionNumber: 1,
  });
  const header = headerOf(declaration.text);
  const processed = declaration.fileName.replace(/\.xml$/, '');
  const filing: AnsweredFiling = {
    filingId: 'f1a2b3c4-d5e6-4f70-8899-aabbccddeeff',
    receiptId: '0b1c2d3e-4f50-4617-8899-aabbccddeeff',
    operatorCode: '2TK',
    taxOfficeCode: '7736',
    declarationFileName: declaration.fileName,
    // 20:59:58 UTC is 23:59:58 in Moscow, the zone the answers are written in.
    sentAt: new Date('2026-03-31T20:59:58Z'),
    receivedAt: new Date('2026-03-31T21:00:03Z'),
    issuedAt: new Date('2026-03-31T21:00:04Z'),
    programVersion: 'tks test',
  };

  it('writes the receipt of acceptance (КНД 1166002, 5.04) as the official format has it', () => {
    const { fileName, bytes } = buildAcceptanceReceipt(filing, header);
    expect(fileName).toBe(`KV_${processed}.xml`);
    expect(bytes.includes(Buffer.from('СвКвит', 'utf8'))).toBe(false);
    expectValid(bytes, 'acceptance-receipt');
    const file = parse(bytes)['Файл'];
    expect(file).toMatchObject({ ИдФайл: `KV_${processed}`, ВерсФорм: '5.04' });
    const doc = file['Документ'];
    expect(doc).toMatchObject({ КНД: '1166002', КодНОПодт: '7736' });
    expect(doc['НаимНОПодт']).toContain('№ 36');
    expect(doc['СвОтпр']['ОтпрЮЛ']).toMatchObject({ ИННЮЛ: '7707083893', КПП: '773601001' });
    expect(doc['СвНП']['НПЮЛ']).toMatchObject({ ИННЮЛ: '7707083893', КПП: '773601001' });
    expect(doc['СвНалОргПост']).toMatchObject({ КодНО: '7736' });
    expect(doc['СвКвит']).toMatchObject({
      ИмяОбрабФайла: declaration.fileName,
      ДатаПредст: '31.03.2026',
      ВремПредст: '23.59.58',
      ДатаПост: '01.04.2026',
      ДатаПрин: '01.04.2026',
      РегНом: 'F1A2B3C4D5E64F708899',
      КНД: '1152017',
      НомКорр: '1',
      Период: '34',
      ОтчетГод: '2025',
    });
    expect(doc['СвКвит']['НаимОтч']).toMatch(/упрощенной системы/);
    expect(doc['СвКвит']['ПрогрКомпл']).toBeTruthy();
  });

  it('writes the notice of refusal (КНД 1166006, 5.05) with one ПеречВыявНар per reason', () => {
    const reasons = [REFUSAL_REASONS.WRONG_TAX_OFFICE, REFUSAL_REASONS.SIGNATURE_MISMATCH];
    const { fileName, bytes } = buildRefusalNotice(filing, header, reasons);
    expect(fileName).toBe(`UO_${processed}.xml`);
    expectValid(bytes, 'refusal-notice');
    const doc = parse(bytes)['Файл']['Документ'];
    expect(doc).toMatchObject({ КНД: REFUSAL_NOTICE_FORM_CODE, КодНО: '7736' });
    expect(doc['СвНалОргНап']).toMatchObject({ КодНО: '7736' });
    expect(doc['СведУведУточ']['ОбщСвУвед']).toMatchObject({
      ИмяОбрабФайла: declaration.fileName,
      ДатаПредст: '31.03.2026',
      ВремПредст: '23.59.58',
      ДатаПрием: '01.04.2026',
      ДатаФормУвед: '01.04.2026',
      ВерсФорм: header.formatVersion,
    });
    expect(doc['СведУведУточ']['ПеречВыявНар']).toEqual([
      { КодОш: '0100200001', ТекстОш: REFUSAL_REASONS.WRONG_TAX_OFFICE.text },
      { КодОш: '0100100004', ТекстОш: REFUSAL_REASONS.SIGNATURE_MISMATCH.text },
    ]);
  });

  it('writes a valid refusal notice when the header could not be read', () => {
    const { bytes } = buildRefusalNotice(filing, null, [REFUSAL_REASONS.SCHEMA_VIOLATION]);
    expectValid(bytes, 'refusal-notice');
    expect(parse(bytes)['Файл']['Документ']['СведУведУточ']['ПеречВыявНар']).toMatchObject({
      КодОш: '0300300001',
    });
  });

  it('never issues a refusal notice without a reason', () => {
    expect(() => buildRefusalNotice(filing, header, [])).toThrow('at least one reason');
  });

  it('writes the input notice (КНД 1166007, 5.04) for the processed declaration', () => {
    const { fileName, bytes } = buildInputNotice(filing, header);
    expect(fileName).toBe(`IV_${processed}.xml`);
    expectValid(bytes, 'input-notice');
    const doc = parse(bytes)['Файл']['Документ'];
    expect(doc['КНД']).toBe('1166007');
    expect(doc['КодНоОтпр']).toBe('7736');
    expect(doc['СвИзвещВ']).toMatchObject({
      ИмяОбрабФайла: declaration.fileName,
      ИдФайл: processed,
      КНД: '1152017',
      ОтчетГод: '2025',
    });
  });

  it('writes the clarification notice (КНД 1166009, 5.07) with each error found', () => {
    const errors = [
      { text: 'Расхождение сумм', element: 'Файл/Документ/УСН', value: '100', code: '0400300003' },
    ];
    const { fileName, bytes } = buildClarificationNotice(filing, header, 'Нужны пояснения', errors);
    expect(fileName).toBe(`UU_${processed}.xml`);
    expectValid(bytes, 'clarification-notice');
    const doc = parse(bytes)['Файл']['Документ'];
    expect(doc).toMatchObject({ КНД: '1166009', КодНО: '7736' });
    expect(doc['СведУвед']['ОбщСвУвед']).toMatchObject({
      ИдФайл: processed,
      ТекстОшОб: 'Нужны пояснения',
      РегНом: 'F1A2B3C4D5E64F708899',
      РегНомУвед: '0B1C2D3E4F5046178899',
    });
    expect(doc['СведУвед']['ВыявлОшФайл']['СвПоОшибке']).toMatchObject({
      ТекстОш: 'Расхождение сумм',
      ПолОшЭл: 'Файл/Документ/УСН',
      КодОшибки: '0400300003',
    });
  });

  it('names a person by the declaration, with ФИО where the format requires it', () => {
    const person = buildNdfl3Declaration({ taxOfficeCode: '5001' });
    const personHeader = headerOf(person.text);
    const personFiling = { ...filing, taxOfficeCode: '5001', declarationFileName: person.fileName };
    const receipt = buildAcceptanceReceipt(personFiling, personHeader);
    expectValid(receipt.bytes, 'acceptance-receipt');
    const doc = parse(receipt.bytes)['Файл']['Документ'];
    expect(doc['СвНП']['НПФЛ']).toMatchObject({ ИННФЛ: '500100732259' });
    expect(doc['СвНП']['НПФЛ']['ФИО']).toMatchObject({
      Фамилия: expect.any(String),
      Имя: expect.any(String),
    });
    expectValid(buildInputNotice(personFiling, personHeader).bytes, 'input-notice');
  });

  it('has schemas that reject what the format forbids', () => {
    const { bytes } = buildAcceptanceReceipt(filing, header);
    const broken = decode(bytes, 'win1251').replace('ВремПредст="23.59.58"', 'ВремПредст="23:59:58"');
    expect(broken).not.toBe(decode(bytes, 'win1251'));
    expect(validateAgainstXsd(broken, receiptSchemaPath('acceptance-receipt')).ok).toBe(false);
  });
});

import { buildNdfl3Declaration } from './fixtures/ndfl3-declaration';
import { decodeDeclaration } from './decode';
import { readDeclarationHeader } from './declaration';
import { buildUsnDeclaration } from './fixtures/usn-declaration';

const GUID = 'A1B2C3D4-E5F6-4711-8899-AABBCCDDEEFF';
const DATE = { year: 2025, month: 3, day: 28 };

describe('readDeclarationHeader', () => {
  it('reads a company declaration from its windows-1251 bytes', () => {
    const declaration = buildUsnDeclaration({ taxOfficeCode: '7736', date: DATE, guid: GUID });
    const decoded = decodeDeclaration(declaration.bytes);
    if (!decoded.ok) throw new Error(decoded.error.message);
    expect(decoded.value.encoding).toBe('windows-1251');

    expect(readDeclarationHeader(decoded.value.text)).toEqual({
      ok: true,
      value: {
        fileIdText: `NO_USN_7736_7736_7707083893773601001_20250328_${GUID}`,
        fileId: {
          prefix: 'NO',
          formIndex: 'USN',
          transitTaxOffice: '7736',
          finalTaxOffice: '7736',
          sender: { kind: 'legal-entity', inn: '7707083893', kpp: '773601001' },
          date: DATE,
          guid: GUID,
        },
        programVersion: 'ТКС тестовые данные 1.0',
        formatVersion: '5.09',
        formCode: '1152017',
        documentDate: DATE,
        taxOfficeCode: '7736',
        period: '34',
        reportYear: 2024,
        correctionNumber: 0,
        taxpayer: {
          kind: 'legal-entity',
          inn: '7707083893',
          kpp: '773601001',
          name: 'ПАО "Сбербанк России"',
        },
      },
    });
  });

  it('reads an entrepreneur declaration with ИННФЛ and ФИО', () => {
    const declaration = buildUsnDeclaration({
      person: { lastName: 'Петрова', firstName: 'Анна', middleName: 'Сергеевна' },
      date: DATE,
      guid: GUID,
      correctionNumber: 2,
    });
    expect(declaration.fileId).toBe(`NO_USN_0087_0087_500100732259_20250328_${GUID}`);
    expect(readDeclarationHeader(declaration.text)).toMatchObject({
      ok: true,
      value: {
        fileId: { sender: { kind: 'person', inn: '500100732259' } },
        correctionNumber: 2,
        taxpayer: {
          kind: 'person',
          inn: '500100732259',
          name: { lastName: 'Петрова', firstName: 'Анна', middleName: 'Сергеевна' },
        },
      },
    });
  });

  it('reads the 3-NDFL 5.20 filer from НПФЛ3: the INN as element text, the name in ФИОФЛ', () => {
    const header = readDeclarationHeader(buildNdfl3Declaration().text);
    expect(header).toMatchObject({
      ok: true,
      value: {
        formCode: '1151020',
        formatVersion: '5.20',
        taxpayer: {
          kind: 'person',
          inn: '500100732259',
          name: { lastName: 'Петрова', firstName: 'Анна', middleName: 'Сергеевна' },
        },
      },
    });
  });

  it('refuses a 3-NDFL filer without an INN (ИдЕРН instead), whose file cannot be named', () => {
    const text = buildNdfl3Declaration().text.replace(/<ИННФЛ>\d+<\/ИННФЛ>/, '<ИдЕРН>123456789012</ИдЕРН>');
    expect(readDeclarationHeader(text)).toMatchObject({
      ok: false,
      error: { code: 'TKS-DECLARATION-HEADER', detail: { path: 'Файл/Документ/СвНП/НПФЛ3/ИННФЛ' } },
    });
  });

  it('reads a person without a middle name, and one without ФИО', () => {
    const withoutMiddle = buildUsnDeclaration({ person: { lastName: 'Ли', firstName: 'Ан' } });
    const header = readDeclarationHeader(withoutMiddle.text);
    expect(header.ok && header.value.taxpayer).toEqual({
      kind: 'person',
      inn: '500100732259',
      name: { lastName: 'Ли', firstName: 'Ан' },
    });
    const withoutFio = withoutMiddle.text.replace(/<ФИО [^>]*\/>/, '');
    const bare = readDeclarationHeader(withoutFio);
    expect(bare.ok && bare.value.taxpayer).toEqual({ kind: 'person', inn: '500100732259' });
  });

  const text = buildUsnDeclaration({ date: DATE, guid: GUID }).text;
  it.each([
    ['a missing ВерсПрог', text.replace(/ ВерсПрог="[^"]*"/, ''), 'TKS-DECLARATION-HEADER', 'Файл/@ВерсПрог'],
    [
      'a 6-digit КНД',
      text.replace('КНД="1152017"', 'КНД="115201"'),
      'TKS-DECLARATION-HEADER',
      'Файл/Документ/@КНД',
    ],
    [
      'ДатаДок of 30 February',
      text.replace(/ДатаДок="[^"]*"/, 'ДатаДок="30.02.2025"'),
      'TKS-DECLARATION-HEADER',
      'Файл/Документ/@ДатаДок',
    ],
    [
      'an ISO ДатаДок',
      text.replace(/ДатаДок="[^"]*"/, 'ДатаДок="2025-03-28"'),
      'TKS-DECLARATION-HEADER',
      'Файл/Документ/@ДатаДок',
    ],
    [
      'a 3-digit КодНО',
      text.replace('КодНО="0087"', 'КодНО="087"'),
      'TKS-TAX-OFFICE-CODE-FORMAT',
      'Файл/Документ/@КодНО',
    ],
    [
      'a non-numeric НомКорр',
      text.replace('НомКорр="0"', 'НомКорр="x"'),
      'TKS-DECLARATION-HEADER',
      'Файл/Документ/@НомКорр',
    ],
    [
      'a wrong ИННЮЛ check digit',
      text.replace('ИННЮЛ="7707083893"', 'ИННЮЛ="7707083894"'),
      'TKS-INN-CHECK-DIGIT',
      'Файл/Документ/СвНП/НПЮЛ/@ИННЮЛ',
    ],
    [
      'a malformed КПП',
      text.replace('КПП="773601001"', 'КПП="77360100"'),
      'TKS-KPP-FORMAT',
      'Файл/Документ/СвНП/НПЮЛ/@КПП',
    ],
    ['a malformed ИдФайл', text.replace('NO_USN_', 'NO-USN_'), 'TKS-FILE-ID-FORMAT', 'Файл/@ИдФайл'],
    ['no СвНП', text.replace(/<СвНП>[\s\S]*<\/СвНП>/, ''), 'TKS-DECLARATION-HEADER', 'Файл/Документ/СвНП'],
    [
      'two Документ',
      text.replace('</Файл>', '<Документ/></Файл>'),
      'TKS-DECLARATION-HEADER',
      'Файл/Документ',
    ],
    ['another root element', text.replace(/Файл/g, 'File'), 'TKS-DECLARATION-HEADER', 'File'],
  ])('refuses a declaration with %s', (_what, broken, code, path) => {
    expect(readDeclarationHeader(broken)).toMatchObject({ ok: false, error: { code, detail: { path } } });
  });

  it('refuses a declaration with both НПЮЛ and НПФЛ', () => {
    const both = text.replace('</СвНП>', '<НПФЛ ИННФЛ="500100732259"/></СвНП>');
    expect(readDeclarationHeader(both)).toMatchObject({
      ok: false,
      error: { code: 'TKS-DECLARATION-HEADER' },
    });
  });

  it('passes on the parser error for text that is not XML', () => {
    expect(readDeclarationHeader('<Файл>')).toMatchObject({
      ok: false,
      error: { code: 'TKS-XML-MALFORMED' },
    });
  });
});

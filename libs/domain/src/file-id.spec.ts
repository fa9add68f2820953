import { declarationFileName, formatFileId, parseFileId } from './file-id';

const GUID = '6F9619FF-8B86-D011-B42D-00C04FC964FF';
const COMPANY = `NO_USN_0087_7736_7707083893773601001_20240605_${GUID}`;
const PERSON = `NO_NDFL3_7736_7736_500100732259_20240430_${GUID.toLowerCase()}`;

describe('ИдФайл', () => {
  it('parses a company identifier into its parts', () => {
    expect(parseFileId(COMPANY)).toEqual({
      ok: true,
      value: {
        prefix: 'NO',
        formIndex: 'USN',
        transitTaxOffice: '0087',
        finalTaxOffice: '7736',
        sender: { kind: 'legal-entity', inn: '7707083893', kpp: '773601001' },
        date: { year: 2024, month: 6, day: 5 },
        guid: GUID,
      },
    });
  });

  it('parses a person identifier with a lowercase GUID', () => {
    const result = parseFileId(PERSON);
    expect(result).toMatchObject({
      ok: true,
      value: { formIndex: 'NDFL3', sender: { kind: 'person', inn: '500100732259' } },
    });
  });

  it.each(['NDFL6.2', 'NDS.8', 'RASCHSV'])('accepts the form index %s', (index) => {
    expect(parseFileId(`NO_${index}_7736_7736_7707083893773601001_20240605_${GUID}`).ok).toBe(true);
  });

  it.each([COMPANY, PERSON])('formats back to the same identifier: %s', (value) => {
    const parsed = parseFileId(value);
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(formatFileId(parsed.value)).toBe(value);
    expect(declarationFileName(parsed.value)).toBe(`${value}.xml`);
  });

  const broken: ReadonlyArray<[string, string, string, string]> = [
    ['too few parts', `NO_USN_0087_7707083893773601001_20240605_${GUID}`, 'TKS-FILE-ID-FORMAT', 'whole'],
    [
      'an underscore in the form index',
      `NO_NDS_8_0087_7736_7707083893773601001_20240605_${GUID}`,
      'TKS-FILE-ID-FORMAT',
      'whole',
    ],
    [
      'a lowercase prefix',
      `no_USN_0087_7736_7707083893773601001_20240605_${GUID}`,
      'TKS-FILE-ID-FORMAT',
      'R',
    ],
    [
      'a Cyrillic form index',
      `NO_УСН_0087_7736_7707083893773601001_20240605_${GUID}`,
      'TKS-FILE-ID-FORMAT',
      'T',
    ],
    [
      'a 3-digit transit tax office',
      `NO_USN_087_7736_7707083893773601001_20240605_${GUID}`,
      'TKS-TAX-OFFICE-CODE-FORMAT',
      'A',
    ],
    [
      'a letter in the final tax office',
      `NO_USN_0087_77X6_7707083893773601001_20240605_${GUID}`,
      'TKS-TAX-OFFICE-CODE-FORMAT',
      'K',
    ],
    [
      'a sender of 18 characters',
      `NO_USN_0087_7736_770708389377360100_20240605_${GUID}`,
      'TKS-FILE-ID-FORMAT',
      'O',
    ],
    [
      'a company INN with a wrong check digit',
      `NO_USN_0087_7736_7707083894773601001_20240605_${GUID}`,
      'TKS-INN-CHECK-DIGIT',
      'O',
    ],
    ['a malformed KPP', `NO_USN_0087_7736_77070838937736ab001_20240605_${GUID}`, 'TKS-KPP-FORMAT', 'O'],
    [
      'a person INN with a wrong check digit',
      `NO_USN_0087_7736_500100732258_20240605_${GUID}`,
      'TKS-INN-CHECK-DIGIT',
      'O',
    ],
    ['31 June', `NO_USN_0087_7736_7707083893773601001_20240631_${GUID}`, 'TKS-FILE-ID-FORMAT', 'GGGGMMDD'],
    [
      'a GUID without dashes',
      `NO_USN_0087_7736_7707083893773601001_20240605_${GUID.replace(/-/g, '')}`,
      'TKS-FILE-ID-FORMAT',
      'N',
    ],
    [
      'a non-hex GUID',
      `NO_USN_0087_7736_7707083893773601001_20240605_${GUID.replace('F', 'G')}`,
      'TKS-FILE-ID-FORMAT',
      'N',
    ],
  ];

  it.each(broken)('refuses an identifier with %s', (_what, value, code, part) => {
    const result = parseFileId(value);
    expect(result).toMatchObject({ ok: false, error: { code, detail: { part } } });
  });

  it('refuses, without throwing, absurdly long input', () => {
    expect(parseFileId('NO_'.repeat(100_000))).toMatchObject({
      ok: false,
      error: { code: 'TKS-FILE-ID-FORMAT' },
    });
  });

  it('names the identifier in the message', () => {
    const result = parseFileId(`NO_USN_0087_7736_7707083894773601001_20240605_${GUID}`);
    expect(!result.ok && result.error.message).toContain('NO_USN_0087_7736_7707083894773601001');
  });
});

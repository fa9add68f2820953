import {
  DECLARATION_DOCFLOW,
  DOCFLOW_TYPES,
  findDocflowType,
  findDocflowTypeByName,
  findDocumentType,
  findDocumentTypeByName,
  findTransaction,
  findTransactionByName,
  isConsistent,
} from './docflow';

describe('docflow types', () => {
  it('knows docflow 01 "Декларация" by code and by name', () => {
    expect(findDocflowType('01')).toBe(DECLARATION_DOCFLOW);
    expect(findDocflowTypeByName('Декларация')?.code).toBe('01');
    expect(findDocflowType('99')).toBeUndefined();
  });

  it('lists the declaration transactions 01..11 and document types 01..10', () => {
    expect(DECLARATION_DOCFLOW.transactions.map((t) => t.code)).toEqual(
      Array.from({ length: 11 }, (_, i) => String(i + 1).padStart(2, '0')),
    );
    expect(DECLARATION_DOCFLOW.documentTypes.map((t) => t.code)).toEqual(
      Array.from({ length: 10 }, (_, i) => String(i + 1).padStart(2, '0')),
    );
  });

  it('looks up transactions and document types within a docflow type', () => {
    expect(findTransaction('01', '01')?.name).toBe('ДекларацияНП');
    expect(findTransactionByName('01', 'РезультатПриемаДекларацияНО')?.code).toBe('04');
    expect(findDocumentType('01', '04')?.name).toBe('подтверждениеДатыОтправки');
    expect(findDocumentTypeByName('01', 'квитанцияОПриеме')?.code).toBe('06');
    expect(findTransaction('99', '01')).toBeUndefined();
    expect(findDocumentType('01', '11')).toBeUndefined();
  });

  it('tells whether a code and a name from ТрансИнф agree', () => {
    expect(isConsistent(DECLARATION_DOCFLOW.documentTypes, '01', 'декларация')).toBe(true);
    expect(isConsistent(DECLARATION_DOCFLOW.documentTypes, '02', 'декларация')).toBe(false);
  });

  it('keeps codes unique within each list', () => {
    for (const docflow of DOCFLOW_TYPES) {
      for (const list of [docflow.transactions, docflow.documentTypes]) {
        expect(new Set(list.map((e) => e.code)).size).toBe(list.length);
        expect(new Set(list.map((e) => e.name)).size).toBe(list.length);
      }
    }
  });
});

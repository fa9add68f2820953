/**
 * Docflow types of the FNS transport container (format ФНС:1.0, order ММВ-7-6/535@): each type
 * with its transactions and document types, as data. `ТрансИнф` carries both the two-digit code
 * and the name (`кодТипаДокументооборота` + `типДокументооборота`, and likewise for transactions
 * and documents), so lookups work by either.
 *
 * Adding a docflow type (letters, mailings, information requests, 2-NDFL) is adding an entry
 * to DOCFLOW_TYPES, not writing a module.
 */

export interface CodedName {
  /** Two digits. */
  readonly code: string;
  readonly name: string;
}

export interface DocflowType extends CodedName {
  readonly transactions: readonly CodedName[];
  readonly documentTypes: readonly CodedName[];
}

const DECLARATION: DocflowType = {
  code: '01',
  name: 'Декларация',
  // (confirm) the transaction list against the current edition of ММВ-7-6/535@.
  transactions: [
    { code: '01', name: 'ДекларацияНП' },
    { code: '02', name: 'ИзвещениеДекларацияНО' },
    { code: '03', name: 'ИзвещениеПодтверждениеНО' },
    { code: '04', name: 'РезультатПриемаДекларацияНО' },
    { code: '05', name: 'ИзвещениеРезультатПриемаСОС' },
    { code: '06', name: 'ИзвещениеРезультатПриемаНП' },
    { code: '07', name: 'РезультатОбработкиДекларацияНО' },
    { code: '08', name: 'ИзвещениеРезультатОбработкиСОС' },
    { code: '09', name: 'ИзвещениеРезультатОбработкиНП' },
    { code: '10', name: 'ПодтверждениеДекларацияНО' },
    { code: '11', name: 'ИзвещениеПодтверждениеНП' },
  ],
  documentTypes: [
    { code: '01', name: 'декларация' },
    { code: '02', name: 'описание' },
    { code: '03', name: 'доверенность' },
    { code: '04', name: 'подтверждениеДатыОтправки' },
    { code: '05', name: 'уведомлениеОбОтказе' },
    { code: '06', name: 'квитанцияОПриеме' },
    { code: '07', name: 'уведомлениеОбУточнении' },
    { code: '08', name: 'извещениеОВводе' },
    { code: '09', name: 'извещениеОПолучении' },
    { code: '10', name: 'приложение' },
  ],
};

/** Docflow type 01, the declaration's. */
export const DECLARATION_DOCFLOW = DECLARATION;

export const DOCFLOW_TYPES: readonly DocflowType[] = [DECLARATION];

const byCode = <T extends CodedName>(list: readonly T[], code: string): T | undefined =>
  list.find((entry) => entry.code === code);
const byName = <T extends CodedName>(list: readonly T[], name: string): T | undefined =>
  list.find((entry) => entry.name === name);

export function findDocflowType(code: string): DocflowType | undefined {
  return byCode(DOCFLOW_TYPES, code);
}

export function findDocflowTypeByName(name: string): DocflowType | undefined {
  return byName(DOCFLOW_TYPES, name);
}

export function findTransaction(docflowCode: string, transactionCode: string): CodedName | undefined {
  const docflow = findDocflowType(docflowCode);
  return docflow && byCode(docflow.transactions, transactionCode);
}

export function findTransactionByName(docflowCode: string, transactionName: string): CodedName | undefined {
  const docflow = findDocflowType(docflowCode);
  return docflow && byName(docflow.transactions, transactionName);
}

export function findDocumentType(docflowCode: string, documentTypeCode: string): CodedName | undefined {
  const docflow = findDocflowType(docflowCode);
  return docflow && byCode(docflow.documentTypes, documentTypeCode);
}

export function findDocumentTypeByName(docflowCode: string, documentTypeName: string): CodedName | undefined {
  const docflow = findDocflowType(docflowCode);
  return docflow && byName(docflow.documentTypes, documentTypeName);
}

/** True when code and name name the same entry, as `ТрансИнф` must (both attributes are present). */
export function isConsistent(list: readonly CodedName[], code: string, name: string): boolean {
  return byCode(list, code)?.name === name;
}

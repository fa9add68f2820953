import type { DeclarationHeader } from '@tks/xml';
import { DeclarationHistoryFields, historyFields } from '../history/history-fields';

/** What the intake keeps of a declaration's header on its filing (the checks are @tks/checks'). */
export interface CheckedDeclaration {
  fileId: string;
  formCode: string;
  /** `Файл/@ВерсФорм`: with the form code, it picks the XSD. */
  formatVersion: string;
  taxOfficeCode: string;
  /** For the inspectors' history (issue 6): the taxpayer, period and year of the header. */
  history?: DeclarationHistoryFields;
}

export const checkedDeclaration = (h: DeclarationHeader): CheckedDeclaration => ({
  fileId: h.fileIdText,
  formCode: h.formCode,
  formatVersion: h.formatVersion,
  taxOfficeCode: h.taxOfficeCode,
  history: historyFields(h),
});

import { dottedDate, formName } from '@tks/domain';
import { DeclarationHeader } from '@tks/xml';
import { renderReceipt } from '../documents/receipt-xml';
import {
  AnsweredFiling,
  answerFile,
  noticeNumber,
  registrationNumber,
  TAX_OFFICE_SOFTWARE,
  taxpayerElements,
} from './answer-common';

export const CLARIFICATION_NOTICE_FORM_CODE = '1166009';

/** One error the tax office found in the declaration's content, to be explained or corrected. */
export interface ContentError {
  readonly text: string;
  /** The element in error (`ПолОшЭл`) and its value (`ЗнЭлем`), where one is named. */
  readonly element?: string;
  readonly value?: string;
  readonly code?: string;
}

/**
 * The clarification notice (уведомление об уточнении, КНД 1166009, ВерсФорм 5.07, `UU_` + the
 * processed file's name): after acceptance, the tax office found errors in the content and asks
 * the taxpayer to explain them or file a correction. Checked against the official
 * schemas/receipts/UU_OTCH_1_087_00_05_07_01.xsd.
 */
export function buildClarificationNotice(
  filing: AnsweredFiling,
  header: DeclarationHeader,
  summary: string,
  errors: readonly ContentError[],
): { fileName: string; bytes: Buffer } {
  if (errors.length === 0) throw new Error('a clarification notice needs at least one error');
  const { fileId } = answerFile('UU', filing);
  const parties = taxpayerElements(header.taxpayer, filing.signerSubject);
  const document = {
    Файл: {
      '@_ИдФайл': fileId,
      '@_ВерсПрог': filing.programVersion,
      '@_ВерсФорм': '5.07',
      Документ: {
        '@_КНД': CLARIFICATION_NOTICE_FORM_CODE,
        '@_КодНО': filing.taxOfficeCode,
        СвОтпр: parties.sender,
        СвНП: parties.taxpayer,
        СведУвед: {
          ОбщСвУвед: {
            ИмяОбрабФайла: filing.declarationFileName,
            ТекстОшОб: summary,
            '@_ИдФайл': header.fileIdText,
            '@_ДатаПрием': dottedDate(filing.receivedAt),
            '@_ПрогрКомпл': TAX_OFFICE_SOFTWARE,
            '@_РегНом': registrationNumber(filing),
            '@_КНД': header.formCode,
            '@_НаимОтч': formName(header.formCode),
            '@_НомКорр': String(header.correctionNumber),
            '@_ОтчетГод': String(header.reportYear),
            '@_Период': header.period,
            '@_РегНомУвед': noticeNumber(filing),
            '@_ДатаФормУвед': dottedDate(filing.issuedAt),
          },
          ВыявлОшФайл: {
            ИмяОбрабФайла: filing.declarationFileName,
            СвПоОшибке: errors.map((e) => ({
              ТекстОш: e.text,
              ...(e.element ? { '@_ПолОшЭл': e.element } : {}),
              ...(e.value ? { '@_ЗнЭлем': e.value } : {}),
              ...(e.code ? { '@_КодОшибки': e.code } : {}),
            })),
          },
        },
      },
    },
  };
  return { fileName: `${fileId}.xml`, bytes: renderReceipt(document, 'clarification-notice') };
}

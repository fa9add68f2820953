import { dottedDate, dottedTime, formName } from '@tks/domain';
import { DeclarationHeader } from '@tks/xml';
import { renderReceipt } from '../documents/receipt-xml';
import {
  AnsweredFiling,
  answerFile,
  registrationNumber,
  TAX_OFFICE_SOFTWARE,
  taxOfficeNameOf,
  taxpayerElements,
} from './answer-common';
import { ACCEPTANCE_RECEIPT_FORM_CODE } from './refusal-reasons';

/**
 * The receipt of acceptance (квитанция о приеме, КНД 1166002, ВерсФорм 5.04, `KV_` + the processed
 * file's name): the tax office's statement that the filing passed its checks. Checked against the
 * official schema schemas/receipts/KV_OTCH_1_095_00_05_04_01.xsd before it is signed.
 */
export function buildAcceptanceReceipt(
  filing: AnsweredFiling,
  header: DeclarationHeader,
): { fileName: string; bytes: Buffer } {
  const { fileId } = answerFile('KV', filing);
  const parties = taxpayerElements(header.taxpayer, filing.signerSubject);
  const taxOfficeName = taxOfficeNameOf(filing);
  const document = {
    Файл: {
      '@_ИдФайл': fileId,
      '@_ВерсПрог': filing.programVersion,
      '@_ВерсФорм': '5.04',
      Документ: {
        '@_КНД': ACCEPTANCE_RECEIPT_FORM_CODE,
        '@_КодНОПодт': filing.taxOfficeCode,
        '@_НаимНОПодт': taxOfficeName,
        СвОтпр: parties.sender,
        СвНП: parties.taxpayer,
        СвКвит: {
          ИмяОбрабФайла: filing.declarationFileName,
          '@_ДатаПредст': dottedDate(filing.sentAt),
          '@_ВремПредст': dottedTime(filing.sentAt),
          '@_КНД': header.formCode,
          '@_НаимОтч': formName(header.formCode),
          '@_НомКорр': String(header.correctionNumber),
          '@_Период': header.period,
          '@_ОтчетГод': String(header.reportYear),
          '@_ДатаПост': dottedDate(filing.receivedAt),
          '@_ДатаПрин': dottedDate(filing.issuedAt),
          '@_РегНом': registrationNumber(filing),
          '@_ПрогрКомпл': TAX_OFFICE_SOFTWARE,
        },
        СвНалОргПост: { '@_КодНО': filing.taxOfficeCode, '@_НаимНО': taxOfficeName },
      },
    },
  };
  return { fileName: `${fileId}.xml`, bytes: renderReceipt(document, 'acceptance-receipt') };
}

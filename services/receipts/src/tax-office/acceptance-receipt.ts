import { DeclarationHeader } from '@tks/xml';
import { clockTime, compactDate, dottedDate, UTC_OFFSET } from '../receipts/fns-time';
import { renderReceipt } from '../receipts/receipt-xml';
import { AnsweredFiling, answerFileId, taxpayerElement } from './answer-common';
import { ACCEPTANCE_RECEIPT_FORM_CODE } from './refusal-reasons';

/**
 * The receipt of acceptance (квитанция о приеме, КНД 1166002, format 5.04, `KV_` files): the tax
 * office's statement that the filing passed its checks. `СвКвит` names the processed file, the
 * dates of sending, receipt and acceptance, the registration number and the declaration's form,
 * correction number, period and year. Layout: docs/formats/acceptance-receipt.md, checked against
 * schemas/receipts/acceptance-receipt.xsd.
 */
export function buildAcceptanceReceipt(
  filing: AnsweredFiling,
  header: DeclarationHeader,
): { fileName: string; bytes: Buffer } {
  const fileId = answerFileId('KV_NOPRIB', filing, compactDate(filing.issuedAt));
  const document = {
    Файл: {
      '@_ИдФайл': fileId,
      '@_ВерсПрог': filing.programVersion,
      '@_ВерсФорм': '5.04',
      Документ: {
        '@_КНД': ACCEPTANCE_RECEIPT_FORM_CODE,
        '@_ДатаДок': dottedDate(filing.issuedAt),
        СвНП: taxpayerElement(header.taxpayer),
        СвНалОргПост: { '@_КодНО': filing.taxOfficeCode },
        СвКвит: {
          '@_ИмяОбрабФайла': filing.declarationFileName,
          '@_ДатаПредст': dottedDate(filing.sentAt),
          '@_ВремПредст': clockTime(filing.sentAt),
          '@_ДатаПост': dottedDate(filing.receivedAt),
          '@_ДатаПрин': dottedDate(filing.issuedAt),
          '@_СмещВрем': UTC_OFFSET,
          // The registration number the tax office gives the filing: the receipt's id.
          '@_РегНом': filing.receiptId.replace(/-/g, '').toUpperCase(),
          '@_КНД': header.formCode,
          '@_НомКорр': String(header.correctionNumber),
          '@_Период': header.period,
          '@_ОтчетГод': String(header.reportYear),
        },
      },
    },
  };
  return { fileName: `${fileId}.xml`, bytes: renderReceipt(document, 'acceptance-receipt') };
}

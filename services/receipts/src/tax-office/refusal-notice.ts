import { DeclarationHeader } from '@tks/xml';
import { clockTime, compactDate, dottedDate, UTC_OFFSET } from '../receipts/fns-time';
import { renderReceipt } from '../receipts/receipt-xml';
import { AnsweredFiling, answerFileId, taxpayerElement } from './answer-common';
import { REFUSAL_NOTICE_FORM_CODE, RefusalReason } from './refusal-reasons';

/**
 * The notice of refusal (уведомление об отказе, `UO_` files): the tax office's statement that the
 * filing is not accepted, with one `ПричОтказ` (FNS classifier code and text) per reason. Layout:
 * docs/formats/refusal-notice.md, checked against schemas/receipts/refusal-notice.xsd.
 */
export function buildRefusalNotice(
  filing: AnsweredFiling,
  header: DeclarationHeader | null,
  reasons: readonly RefusalReason[],
): { fileName: string; bytes: Buffer } {
  if (reasons.length === 0) throw new Error('a refusal notice needs at least one reason');
  const fileId = answerFileId('UO_NOOTKAZ', filing, compactDate(filing.issuedAt));
  const document = {
    Файл: {
      '@_ИдФайл': fileId,
      '@_ВерсПрог': filing.programVersion,
      '@_ВерсФорм': '5.01',
      Документ: {
        '@_КНД': REFUSAL_NOTICE_FORM_CODE,
        '@_ДатаДок': dottedDate(filing.issuedAt),
        ...(header ? { СвНП: taxpayerElement(header.taxpayer) } : {}),
        СвНалОргПост: { '@_КодНО': filing.taxOfficeCode },
        СвУвед: {
          '@_ИмяОбрабФайла': filing.declarationFileName,
          '@_ДатаПредст': dottedDate(filing.sentAt),
          '@_ВремПредст': clockTime(filing.sentAt),
          '@_ДатаПост': dottedDate(filing.receivedAt),
          '@_СмещВрем': UTC_OFFSET,
        },
        ПричОтказ: reasons.map((r) => ({ '@_КодОш': r.code, '@_ТекстОш': r.text })),
      },
    },
  };
  return { fileName: `${fileId}.xml`, bytes: renderReceipt(document, 'refusal-notice') };
}

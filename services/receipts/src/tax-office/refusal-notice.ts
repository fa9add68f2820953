import { dottedDate, dottedTime, formName } from '@tks/domain';
import { DeclarationHeader } from '@tks/xml';
import { renderReceipt } from '../documents/receipt-xml';
import {
  AnsweredFiling,
  answerFile,
  TAX_OFFICE_SOFTWARE,
  taxOfficeNameOf,
  taxpayerElements,
} from './answer-common';
import { REFUSAL_NOTICE_FORM_CODE, RefusalReason } from './refusal-reasons';

/**
 * The notice of refusal (уведомление об отказе, КНД 1166006, ВерсФорм 5.05, `UO_` + the processed
 * file's name): the filing is not accepted, with one `ПеречВыявНар` (`КодОш`, `ТекстОш`) per
 * reason found. Checked against the official schemas/receipts/UO_OTCH_1_097_00_05_05_01.xsd.
 * A declaration whose header could not be read is answered all the same: the format makes every
 * taxpayer attribute of `СвНП`/`СвОтпр` optional but for a company's ИНН and КПП, so such a
 * notice names the sender as an unnamed person.
 */
export function buildRefusalNotice(
  filing: AnsweredFiling,
  header: DeclarationHeader | null,
  reasons: readonly RefusalReason[],
): { fileName: string; bytes: Buffer } {
  if (reasons.length === 0) throw new Error('a refusal notice needs at least one reason');
  const { fileId } = answerFile('UO', filing);
  const parties = header
    ? taxpayerElements(header.taxpayer, filing.signerSubject)
    : { sender: { ОтпрФЛ: '' }, taxpayer: { НПФЛ: '' } };
  const taxOfficeName = taxOfficeNameOf(filing);
  const document = {
    Файл: {
      '@_ИдФайл': fileId,
      '@_ВерсПрог': filing.programVersion,
      '@_ВерсФорм': '5.05',
      Документ: {
        '@_КНД': REFUSAL_NOTICE_FORM_CODE,
        '@_КодНО': filing.taxOfficeCode,
        '@_НаимНО': taxOfficeName,
        СвНП: parties.taxpayer,
        СвОтпр: parties.sender,
        СвНалОргНап: { '@_КодНО': filing.taxOfficeCode, '@_НаимНО': taxOfficeName },
        СведУведУточ: {
          ОбщСвУвед: {
            ИмяОбрабФайла: filing.declarationFileName,
            '@_ДатаПредст': dottedDate(filing.sentAt),
            '@_ВремПредст': dottedTime(filing.sentAt),
            '@_ДатаПрием': dottedDate(filing.receivedAt),
            ...(header
              ? {
                  '@_КНД': header.formCode,
                  '@_НаимОтч': formName(header.formCode),
                  '@_НомКорр': String(header.correctionNumber),
                  '@_ОтчетГод': String(header.reportYear),
                  '@_Период': header.period,
                  '@_ВерсФорм': header.formatVersion,
                }
              : {}),
            '@_ПрогрКомпл': TAX_OFFICE_SOFTWARE,
            '@_ДатаФормУвед': dottedDate(filing.issuedAt),
          },
          ПеречВыявНар: reasons.map((r) => ({ КодОш: r.code, ТекстОш: r.text })),
        },
      },
    },
  };
  return { fileName: `${fileId}.xml`, bytes: renderReceipt(document, 'refusal-notice') };
}

import { formName } from '@tks/domain';
import { DeclarationHeader } from '@tks/xml';
import { renderReceipt } from '../documents/receipt-xml';
import { AnsweredFiling, answerFile, partyElement, taxpayerElements } from './answer-common';

export const INPUT_NOTICE_FORM_CODE = '1166007';

/**
 * The input notice (извещение о вводе сведений, КНД 1166007, ВерсФорм 5.04, `IV_` + the
 * processed file's name): after the receipt of acceptance, the tax office has entered the
 * declaration's data into its systems. Checked against the official
 * schemas/receipts/IV_OTCH_1_098_00_05_04_01.xsd. The format has no date of its own: the signing
 * time of its signature dates it.
 */
export function buildInputNotice(
  filing: AnsweredFiling,
  header: DeclarationHeader,
): { fileName: string; bytes: Buffer } {
  const { fileId } = answerFile('IV', filing);
  const document = {
    Файл: {
      '@_ИдФайл': fileId,
      '@_ВерсПрог': filing.programVersion,
      '@_ВерсФорм': '5.04',
      Документ: {
        '@_КНД': INPUT_NOTICE_FORM_CODE,
        // The recipient of the notice: the taxpayer who sent the declaration.
        СвПол: partyElement(header.taxpayer, { company: 'ОтпрЮЛ', person: 'ОтпрФЛ' }, filing.signerSubject),
        КодНоОтпр: filing.taxOfficeCode,
        СвНП: taxpayerElements(header.taxpayer, filing.signerSubject).taxpayer,
        СвИзвещВ: {
          '@_ИмяОбрабФайла': filing.declarationFileName,
          '@_ИдФайл': header.fileIdText,
          '@_КНД': header.formCode,
          '@_НаимОтч': formName(header.formCode),
          '@_НомКорр': String(header.correctionNumber),
          '@_Период': header.period,
          '@_ОтчетГод': String(header.reportYear),
        },
      },
    },
  };
  return { fileName: `${fileId}.xml`, bytes: renderReceipt(document, 'input-notice') };
}

import { dottedDate, dottedTime, taxOfficeName } from '@tks/domain';
import { DeclarationTaxpayer } from '@tks/xml';
import { partyElement } from '../tax-office/answer-common';
import { renderReceipt } from '../documents/receipt-xml';

export const SENDING_DATE_CONFIRMATION_FORM_CODE = '1166004';

export interface SendingDateConfirmationInput {
  operatorCode: string;
  operatorName: string;
  /** The sender's address in the channel (`СвОтпр/@E-mail`): the subscriber id. */
  subscriberId: string;
  /** Null when the declaration's header cannot be read: the sender is then an unnamed person. */
  taxpayer: DeclarationTaxpayer | null;
  /** The recipient tax office (`СвПолДок/ОтпрНО`). */
  taxOfficeCode: string;
  /** The declaration's file name: the confirmation is named `PD_` plus it. */
  declarationFileName: string;
  /** The declaration's detached signature, quoted whole (`ЭЦППолФайл`). */
  declarationSignature: Buffer;
  sentAt: Date;
  programVersion: string;
  signerSubject?: string;
}

/**
 * The confirmation of the sending date (подтверждение даты отправки, КНД 1166004, ВерсФорм 5.03,
 * `PD_` + the declaration's file name): the operator's statement of when the declaration was sent
 * (Tax Code art. 80 p. 4 takes the filing date from it), quoting the signature it arrived with.
 * No official XSD is public: it is checked against the reconstructed
 * schemas/receipts/PD_1166004_reconstructed.xsd (schemas/README.md says on what evidence).
 */
export function buildSendingDateConfirmation(input: SendingDateConfirmationInput): {
  fileName: string;
  bytes: Buffer;
} {
  const fileId = `PD_${input.declarationFileName.replace(/\.xml$/i, '')}`;
  const document = {
    Файл: {
      '@_ИдФайл': fileId,
      '@_ВерсПрог': input.programVersion,
      '@_ВерсФорм': '5.03',
      Документ: {
        '@_КНД': SENDING_DATE_CONFIRMATION_FORM_CODE,
        ОргПодт: { СпецОперат: { '@_ИденСОС': input.operatorCode, '@_НаимОрг': input.operatorName } },
        СведПодтв: {
          '@_ДатаОтпр': dottedDate(input.sentAt),
          '@_ВремяОтпр': dottedTime(input.sentAt),
          СведОтпрФайл: {
            '@_ИмяПостФайла': input.declarationFileName,
            ЭЦППолФайл: input.declarationSignature.toString('base64'),
          },
        },
        СвОтпр: {
          '@_E-mail': input.subscriberId,
          ...(input.taxpayer
            ? partyElement(input.taxpayer, { company: 'ОтпрЮЛ', person: 'ОтпрФЛ' }, input.signerSubject)
            : { ОтпрФЛ: '' }),
        },
        СвПолДок: {
          '@_E-mail': input.taxOfficeCode,
          ОтпрНО: { '@_КодНО': input.taxOfficeCode, '@_НаимНО': taxOfficeName(input.taxOfficeCode) },
        },
      },
    },
  };
  return { fileName: `${fileId}.xml`, bytes: renderReceipt(document, 'sending-date-confirmation') };
}

import { clockTime as time, compactDate, dottedDate, UTC_OFFSET } from './fns-time';
import { renderReceipt } from './receipt-xml';

export interface ReceivedFile {
  fileName: string;
  receivedAt: Date;
}

export interface SendingDateConfirmationInput {
  confirmationId: string;
  operatorCode: string;
  subscriberId: string;
  taxOfficeCode: string;
  docflowId: string;
  sentAt: Date;
  files: ReceivedFile[];
  programVersion: string;
}

/**
 * The confirmation of the sending date (подтверждение даты отправки, `PD_` files): the operator's
 * statement of when the filing was sent and when each file arrived (Tax Code art. 80 p. 4 takes
 * the filing date from it). No official XSD is published with the customer's sources; the layout
 * is modelled on the FNS regulated documents, described in docs/formats/sending-date-confirmation.md
 * and checked against schemas/receipts/sending-date-confirmation.xsd before it leaves.
 * Times are UTC with the offset written out.
 */
export function buildSendingDateConfirmation(input: SendingDateConfirmationInput): {
  fileName: string;
  bytes: Buffer;
} {
  const fileId = `PD_NOPRIB_${input.operatorCode}_${input.taxOfficeCode}_${compactDate(input.sentAt)}_${input.confirmationId.replace(/-/g, '')}`;
  const document = {
    Файл: {
      '@_ИдФайл': fileId,
      '@_ВерсПрог': input.programVersion,
      '@_ВерсФорм': '1.00',
      Документ: {
        '@_ДатаДок': dottedDate(input.sentAt),
        ПодтвДатОтпр: {
          '@_ИдДокооборот': input.docflowId,
          '@_ДатаОтпр': dottedDate(input.sentAt),
          '@_ВремОтпр': time(input.sentAt),
          '@_СмещВрем': UTC_OFFSET,
          СвСпецОп: { '@_КодОпер': input.operatorCode },
          СвОтпр: { '@_ИдАбонент': input.subscriberId },
          СвПолуч: { '@_КодНО': input.taxOfficeCode },
          СвФайл: input.files.map((f) => ({
            '@_ИмяФайла': f.fileName,
            '@_ДатаПолуч': dottedDate(f.receivedAt),
            '@_ВремПолуч': time(f.receivedAt),
          })),
        },
      },
    },
  };
  return { fileName: `${fileId}.xml`, bytes: renderReceipt(document, 'sending-date-confirmation') };
}

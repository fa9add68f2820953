import { XMLBuilder } from 'fast-xml-parser';
import { encode } from 'iconv-lite';
import { validateAgainstXsd } from '@tks/xml';
import { partyElement, ReceiptNoticeParty } from './receipt-notice-party';
import { receiptNoticeSchemaPath } from './receipt-notice-schema';
import { dottedDate, dottedTime } from '@tks/domain';

export const RECEIPT_NOTICE_FORM_CODE = '1166008';
/** `ВерсФорм` of the reconstructed schema. */
export const RECEIPT_NOTICE_FORMAT_VERSION = '5.00';

export interface ReceiptNoticeInput {
  /** The file confirmed (`СведПолФайл/@ИмяПостФайла`), e.g. `KV_NO_USN_….xml`. */
  readonly receivedFileName: string;
  /** When the confirming party received it (`@ДатаПол`, `@ВремяПол`). */
  readonly receivedAt: Date;
  /** Who confirms (`ПодтвДок`): the subscriber. */
  readonly confirmer: ReceiptNoticeParty;
  /** Who sent the file confirmed (`ОтпрДок`): the tax office. */
  readonly sender: ReceiptNoticeParty;
  /** Who received it (`ПолДок`); by default the confirming party. */
  readonly recipient?: ReceiptNoticeParty;
  /** `ВерсПрог`: the confirming software, at most 40 characters. */
  readonly programVersion: string;
}

export interface ReceiptNotice {
  /** `ИдФайл`: `IZ_` + the confirmed file's name without `.xml`. */
  readonly fileId: string;
  readonly fileName: string;
  /** windows-1251, as every FNS document. */
  readonly bytes: Buffer;
}

/** The notice failed its schema: the input (a name, an INN) cannot be written as an IZ. */
export class ReceiptNoticeInvalid extends Error {}

/** The FNS naming rule of answers and notices: a prefix and the processed file's name. */
export const receiptNoticeFileId = (receivedFileName: string): string =>
  `IZ_${receivedFileName.replace(/\.xml$/i, '')}`;

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: true,
  suppressEmptyNode: true,
});

/**
 * The receipt notice (извещение о получении, КНД 1166008, `IZ_` files): one party's signed
 * statement that it received a document of the docflow (domain README, docflow step 5). Checked
 * against schemas/receipts/IZ_1166008_reconstructed.xsd before anyone signs it.
 */
export function buildReceiptNotice(input: ReceiptNoticeInput): ReceiptNotice {
  const fileId = receiptNoticeFileId(input.receivedFileName);
  const document = {
    Файл: {
      '@_ИдФайл': fileId,
      '@_ВерсПрог': input.programVersion,
      '@_ВерсФорм': RECEIPT_NOTICE_FORMAT_VERSION,
      Документ: {
        '@_КНД': RECEIPT_NOTICE_FORM_CODE,
        ПодтвДок: partyElement(input.confirmer),
        СвИзвещП: {
          '@_ДатаПол': dottedDate(input.receivedAt),
          '@_ВремяПол': dottedTime(input.receivedAt),
          СведПолФайл: { '@_ИмяПостФайла': input.receivedFileName },
        },
        ОтпрДок: partyElement(input.sender),
        ПолДок: partyElement(input.recipient ?? input.confirmer),
      },
    },
  };
  const xml = `<?xml version="1.0" encoding="windows-1251"?>\n${builder.build(document)}`;
  const valid = validateAgainstXsd(xml, receiptNoticeSchemaPath());
  if (!valid.ok)
    throw new ReceiptNoticeInvalid(`the receipt notice does not conform: ${valid.error.message}`);
  return { fileId, fileName: `${fileId}.xml`, bytes: encode(xml, 'win1251') };
}

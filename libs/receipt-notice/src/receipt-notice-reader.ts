import { DomainError, fail, ok, Result } from '@tks/domain';
import {
  childElement,
  childElements,
  decodeDeclaration,
  parseXmlDocument,
  validateAgainstXsd,
  XmlElement,
  XsdIssue,
} from '@tks/xml';
import { receiptNoticeSchemaPath } from './receipt-notice-schema';

/** A receipt notice as received: what the gateway checks before it takes one in. */
export interface ReadReceiptNotice {
  readonly fileId: string;
  /** Every `СведПолФайл/@ИмяПостФайла`, in document order. */
  readonly receivedFileNames: readonly string[];
  /** `ПодтвДок`: the INN of the confirming party, when it is a company or a person with one. */
  readonly confirmerInn?: string;
  /** `ПодтвДок/@E-mail`. */
  readonly confirmerAddress?: string;
}

/** The reader's refusal: an error code of docs/errors.md and, for a schema failure, its issues. */
export type ReceiptNoticeRefusal = DomainError & { readonly issues?: readonly XsdIssue[] };

/** An IZ is a few hundred bytes; anything far larger is not one. */
export const MAX_RECEIPT_NOTICE_BYTES = 64 * 1024;

/**
 * Reads a receipt notice sent by a subscriber: encoding (windows-1251 or UTF-8, as declared),
 * well-formedness and the reconstructed IZ schema, then the fields the docflow needs. Never
 * throws for bad input.
 */
export function readReceiptNotice(bytes: Uint8Array): Result<ReadReceiptNotice, ReceiptNoticeRefusal> {
  const decoded = decodeDeclaration(bytes, { maxBytes: MAX_RECEIPT_NOTICE_BYTES });
  if (!decoded.ok) return decoded;
  const valid = validateAgainstXsd(decoded.value.text, receiptNoticeSchemaPath());
  if (!valid.ok) return fail(valid.error);
  const root = parseXmlDocument(decoded.value.text);
  if (!root.ok) return root;
  const document = childElement(root.value, 'Документ');
  const notice = document && childElement(document, 'СвИзвещП');
  const confirmer = document && childElement(document, 'ПодтвДок');
  // The schema guarantees both; a parser disagreeing with libxml2 is a defect, not the filer's.
  if (!notice || !confirmer) throw new Error('a schema-valid receipt notice lacks СвИзвещП or ПодтвДок');
  return ok({
    fileId: root.value.attributes.get('ИдФайл') ?? '',
    receivedFileNames: childElements(notice, 'СведПолФайл').map(
      (f) => f.attributes.get('ИмяПостФайла') ?? '',
    ),
    ...innOf(confirmer),
    ...(confirmer.attributes.get('E-mail') ? { confirmerAddress: confirmer.attributes.get('E-mail') } : {}),
  });
}

function innOf(party: XmlElement): { confirmerInn?: string } {
  const inn =
    childElement(party, 'ЮЛ')?.attributes.get('ИННЮЛ') ?? childElement(party, 'ФЛ')?.attributes.get('ИННФЛ');
  return inn ? { confirmerInn: inn } : {};
}

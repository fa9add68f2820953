import { DeclarationTaxpayer } from '@tks/xml';

/** What both answers of the tax office say about the filing they answer. */
export interface AnsweredFiling {
  /** The answer's own id; its 32 hex digits end the file name. */
  readonly receiptId: string;
  readonly operatorCode: string;
  /** The tax office that answers (Документ/@КодНО of the declaration). */
  readonly taxOfficeCode: string;
  /** The declaration's file name, `ИдФайл.xml`. */
  readonly declarationFileName: string;
  /** The sending date and time, from the sending-date confirmation (Tax Code art. 80 p. 4). */
  readonly sentAt: Date;
  /** When the tax office received the filing. */
  readonly receivedAt: Date;
  /** When the answer is issued. */
  readonly issuedAt: Date;
  readonly programVersion: string;
}

/** `СвНП`: the taxpayer, as the declaration names it. */
export function taxpayerElement(taxpayer: DeclarationTaxpayer): object {
  return taxpayer.kind === 'legal-entity'
    ? { НПЮЛ: { '@_НаимОрг': taxpayer.name, '@_ИННЮЛ': taxpayer.inn, '@_КПП': taxpayer.kpp } }
    : { НПФЛ: { '@_ИННФЛ': taxpayer.inn } };
}

/** `<prefix>_<operator code>_<КодНО>_<ГГГГММДД>_<32 hex>`, like the sending-date confirmation's. */
export const answerFileId = (prefix: string, filing: AnsweredFiling, date: string): string =>
  `${prefix}_${filing.operatorCode}_${filing.taxOfficeCode}_${date}_${filing.receiptId.replace(/-/g, '')}`;

import { taxOfficeName } from '@tks/domain';
import { DeclarationTaxpayer, PersonName } from '@tks/xml';

/** What every answer of the tax office says about the filing it answers. */
export interface AnsweredFiling {
  /** The filing: the tax office's registration number of the declaration (`РегНом`) derives from it. */
  readonly filingId: string;
  /** The answer's own id: a notice's own number (`РегНомУвед`) derives from it. */
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
  /**
   * The subject of the declaration's signature certificate: a person's answers must name them
   * (`ФИО`), and a form whose header carries no name leaves the certificate's CN to do so.
   */
  readonly signerSubject?: string;
}

/** The tax office's software that issues the answers (`ПрогрКомпл`). */
export const TAX_OFFICE_SOFTWARE = 'tks: модель налогового органа';

/** The processed file's name without `.xml`: the answers' names are a prefix plus this. */
export const processedFileId = (filing: AnsweredFiling): string =>
  filing.declarationFileName.replace(/\.xml$/i, '');

/**
 * The tax service's rule for answer names: the answer's prefix (`KV`, `UO`, `IV`, `UU`) and the
 * processed file's name, e.g. `KV_NO_USN_7736_7736_…`. ИдФайл is the same without `.xml`.
 */
export function answerFile(prefix: 'KV' | 'UO' | 'IV' | 'UU', filing: AnsweredFiling): { fileId: string } {
  return { fileId: `${prefix}_${processedFileId(filing)}` };
}

const twentyCharacters = (uuid: string): string => uuid.replace(/-/g, '').slice(0, 20).toUpperCase();

/** `РегНом`: the number the tax office registers the declaration under, the same in every answer. */
export const registrationNumber = (filing: AnsweredFiling): string => twentyCharacters(filing.filingId);

/** `РегНомУвед`: a notice's own number (20 characters). */
export const noticeNumber = (filing: AnsweredFiling): string => twentyCharacters(filing.receiptId);

export const taxOfficeNameOf = (filing: AnsweredFiling): string => taxOfficeName(filing.taxOfficeCode);

/** `ФИО`: from the declaration, else the signature certificate's CN ("Фамилия Имя Отчество"). */
function personName(name: PersonName | undefined, signerSubject: string | undefined): object {
  if (name) {
    return {
      '@_Фамилия': name.lastName,
      '@_Имя': name.firstName,
      ...(name.middleName ? { '@_Отчество': name.middleName } : {}),
    };
  }
  const cn =
    /(?:^|,\s*)CN=([^,]+)/
      .exec(signerSubject ?? '')?.[1]
      ?.trim()
      .split(/\s+/) ?? [];
  const [lastName = 'Не указана', firstName = 'Не указано', ...rest] = cn;
  return {
    '@_Фамилия': lastName,
    '@_Имя': firstName,
    ...(rest.length ? { '@_Отчество': rest.join(' ') } : {}),
  };
}

/**
 * A taxpayer as the answers write it: `<company>` (`НаимОрг`, `ИННЮЛ`, `КПП`) or `<person>`
 * (`ФИО`, `ИННФЛ`). The element names differ by format and place (`НПЮЛ`/`НПФЛ` in СвНП,
 * `ОтпрЮЛ`/`ОтпрФЛ` for the sender), so the caller names them.
 */
export function partyElement(
  taxpayer: DeclarationTaxpayer,
  names: { company: string; person: string },
  signerSubject?: string,
): object {
  return taxpayer.kind === 'legal-entity'
    ? { [names.company]: { '@_НаимОрг': taxpayer.name, '@_ИННЮЛ': taxpayer.inn, '@_КПП': taxpayer.kpp } }
    : { [names.person]: { ФИО: personName(taxpayer.name, signerSubject), '@_ИННФЛ': taxpayer.inn } };
}

/** `СвНП` and `СвОтпр`: the declaration is sent by its taxpayer (no representative in tks yet). */
export const taxpayerElements = (taxpayer: DeclarationTaxpayer, signerSubject?: string) => ({
  sender: partyElement(taxpayer, { company: 'ОтпрЮЛ', person: 'ОтпрФЛ' }, signerSubject),
  taxpayer: partyElement(taxpayer, { company: 'НПЮЛ', person: 'НПФЛ' }, signerSubject),
});

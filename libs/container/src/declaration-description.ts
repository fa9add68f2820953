import * as iconv from 'iconv-lite';
import { formName } from '@tks/domain';
import { DeclarationHeader, readDeclarationHeaderFromBytes } from '@tks/xml';
import { AdditionalInfo } from './package-description';

/**
 * What a declaration container (docflow 01, transaction 01 ДекларацияНП) carries besides the
 * declaration, as other operators' containers do (domain README, "What real containers look
 * like"): the `описание` document TR_DEKL.xml (type 02, compressed, neither encrypted nor signed)
 * and ДопСв with the taxpayer (СвОтпр) and the receiving tax office (СвПолДок).
 */
export const DECLARATION_DESCRIPTION_FILE = 'TR_DEKL.xml';

export interface DeclarationExtras {
  /** TR_DEKL.xml, windows-1251. */
  readonly description: Buffer;
  readonly additional: AdditionalInfo;
}

/**
 * Built from the declaration's own header; undefined when the header cannot be read (the
 * declaration's checks refuse such a file long before it is sealed).
 */
export function declarationExtras(
  declaration: Uint8Array,
  subscriberId: string,
  taxOfficeCode: string,
): DeclarationExtras | undefined {
  const header = readDeclarationHeaderFromBytes(Buffer.from(declaration));
  if (!header.ok) return undefined;
  return declarationExtrasOf(header.value, subscriberId, taxOfficeCode);
}

/** The same, from a header read beforehand (a declaration sealed from a stream). */
export function declarationExtrasOf(
  header: DeclarationHeader,
  subscriberId: string,
  taxOfficeCode: string,
): DeclarationExtras {
  const { formCode, correctionNumber, reportYear, period, taxpayer } = header;
  // The same element names and order as the descriptions of other operators' containers.
  const xml =
    '<?xml version="1.0" encoding="windows-1251"?>\n' +
    '<описание>\n' +
    `  <имяФормы>${escape(formName(formCode))}</имяФормы>\n` +
    `  <КНДФормы>${formCode}</КНДФормы>\n` +
    `  <видДокумента>${correctionNumber === 0 ? 'первичный' : 'корректирующий'}</видДокумента>\n` +
    `  <год>${reportYear}</год>\n` +
    `  <кодПериода>${period}</кодПериода>\n` +
    `  <НОПоМестуУчета>${taxOfficeCode}</НОПоМестуУчета>\n` +
    `  <НОПоМестуНахождения>${taxOfficeCode}</НОПоМестуНахождения>\n` +
    '</описание>\n';
  return {
    description: iconv.encode(xml, 'win1251'),
    additional: {
      sender:
        taxpayer.kind === 'legal-entity'
          ? {
              kind: 'organization',
              inn: String(taxpayer.inn),
              kpp: String(taxpayer.kpp),
              name: taxpayer.name,
            }
          : {
              kind: 'person',
              inn: String(taxpayer.inn),
              surname: taxpayer.name?.lastName ?? '',
              givenName: taxpayer.name?.firstName ?? '',
              patronymic: taxpayer.name?.middleName,
            },
      senderEmail: subscriberId,
      taxOffice: { code: taxOfficeCode },
    },
  };
}

function escape(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

import * as iconv from 'iconv-lite';
import { childElement, childElements, decodeDeclaration, parseXmlDocument, XmlElement } from '@tks/xml';
import { CONTAINER_ERROR_CODES, ContainerError, errorMessage } from './container-error';

/**
 * packageDescription.xml, root ТрансИнф (format ФНС:1.0): who sends to whom, the docflow, and for
 * each document its content file and signature files. Names as in the domain reference; the
 * schema is the tax service's, schemas/container/TR_TRKON_2_700_01_09_02_01.xsd.
 */
export type SubjectType = 'абонент' | 'спецоператор' | 'налоговыйОрган';

export interface Subject {
  readonly id: string;
  readonly type: SubjectType;
}

export interface SignatureEntry {
  readonly fileName: string;
  /** The signer's role, a subject type. */
  readonly role: SubjectType;
}

export interface DocumentEntry {
  readonly typeCode: string;
  readonly typeName: string;
  /** e.g. xml */
  readonly contentType: string;
  readonly compressed: boolean;
  readonly encrypted: boolean;
  /** 32 hex digits. */
  readonly documentId: string;
  readonly originalFileName?: string;
  readonly contentFileName?: string;
  readonly signatures: readonly SignatureEntry[];
}

/** The taxpayer who sends (ДопСв/СвОтпр): ОтпрЮЛ for an organization, ОтпрФЛ for a person. */
export type TaxpayerSender =
  | { readonly kind: 'organization'; readonly inn: string; readonly kpp: string; readonly name: string }
  | {
      readonly kind: 'person';
      readonly inn: string;
      readonly surname: string;
      readonly givenName: string;
      readonly patronymic?: string;
    };

/**
 * ДопСв of a declaration container (domain README): СвОтпр, the taxpayer, its E-mail the
 * subscriber id; СвПолДок, the tax office that receives it (ОтпрНО КодНО, НаимНО).
 */
export interface AdditionalInfo {
  readonly sender: TaxpayerSender;
  readonly senderEmail?: string;
  readonly taxOffice: { readonly code: string; readonly name?: string };
  readonly taxOfficeEmail?: string;
}

export interface PackageDescription {
  readonly docflowCode: string;
  readonly docflowName: string;
  readonly transactionCode: string;
  readonly transactionName: string;
  readonly docflowId: string;
  /** ВерсПрог, required by the official schema; a description read back may still lack it. */
  readonly programVersion?: string;
  readonly sender: Subject;
  readonly operator?: Subject;
  readonly recipient: Subject;
  /** ДопСв, when the description has one this code reads (other content is left aside). */
  readonly additional?: AdditionalInfo;
  readonly documents: readonly DocumentEntry[];
}

export const PACKAGE_DESCRIPTION_FILE = 'packageDescription.xml';
const FORMAT_VERSION = 'ФНС:1.0';

/** Domain reference: an id of 3 characters is an operator, of 4 a tax office, else a subscriber. */
export function subjectTypeOf(id: string): SubjectType {
  if (id.length === 3) return 'спецоператор';
  if (id.length === 4) return 'налоговыйОрган';
  return 'абонент';
}

export function subject(id: string): Subject {
  return { id, type: subjectTypeOf(id) };
}

/** The description as windows-1251 bytes, the encoding the format prescribes. */
export function encodePackageDescription(description: PackageDescription): Buffer {
  const attrs: Attrs = (pairs) =>
    pairs
      .filter((pair): pair is [string, string | boolean] => pair[1] !== undefined)
      .map(([name, value]) => ` ${name}="${escape(String(value))}"`)
      .join('');
  const subjectXml = (tag: string, s: Subject | undefined) =>
    s
      ? `  <${tag}${attrs([
          ['идентификаторСубъекта', s.id],
          ['типСубъекта', s.type],
        ])}/>\n`
      : '';
  const documentXml = (d: DocumentEntry) =>
    `  <документ${attrs([
      ['кодТипаДокумента', d.typeCode],
      ['типДокумента', d.typeName],
      ['типСодержимого', d.contentType],
      ['сжат', d.compressed],
      ['зашифрован', d.encrypted],
      ['идентификаторДокумента', d.documentId],
      ['исходноеИмяФайла', d.originalFileName],
    ])}>\n` +
    (d.contentFileName ? `    <содержимое${attrs([['имяФайла', d.contentFileName]])}/>\n` : '') +
    d.signatures
      .map(
        (s) =>
          `    <подпись${attrs([
            ['имяФайла', s.fileName],
            ['роль', s.role],
          ])}/>\n`,
      )
      .join('') +
    '  </документ>\n';
  const xml =
    '<?xml version="1.0" encoding="windows-1251"?>\n' +
    `<ТрансИнф${attrs([
      ['версияФормата', FORMAT_VERSION],
      ['кодТипаДокументооборота', description.docflowCode],
      ['типДокументооборота', description.docflowName],
      ['кодТипаТранзакции', description.transactionCode],
      ['типТранзакции', description.transactionName],
      ['идентификаторДокументооборота', description.docflowId],
      ['ВерсПрог', description.programVersion],
    ])}>\n` +
    subjectXml('отправитель', description.sender) +
    subjectXml('спецоператор', description.operator) +
    subjectXml('получатель', description.recipient) +
    (description.additional ? additionalXml(description.additional, attrs) : '') +
    description.documents.map(documentXml).join('') +
    '</ТрансИнф>\n';
  return iconv.encode(xml, 'win1251');
}

type Attrs = (pairs: Array<[string, string | boolean | undefined]>) => string;

function additionalXml(info: AdditionalInfo, attrs: Attrs): string {
  const sender =
    info.sender.kind === 'organization'
      ? `      <ОтпрЮЛ${attrs([
          ['ИННЮЛ', info.sender.inn],
          ['КПП', info.sender.kpp],
          ['НаимОрг', info.sender.name],
        ])}/>\n`
      : `      <ОтпрФЛ${attrs([['ИННФЛ', info.sender.inn]])}>\n` +
        (info.sender.surname
          ? `        <ФИО${attrs([
              ['Фамилия', info.sender.surname],
              ['Имя', info.sender.givenName],
              ['Отчество', info.sender.patronymic],
            ])}/>\n`
          : '') +
        '      </ОтпрФЛ>\n';
  return (
    '  <ДопСв>\n' +
    `    <СвОтпр${attrs([['E-mail', info.senderEmail]])}>\n${sender}    </СвОтпр>\n` +
    `    <СвПолДок${attrs([['E-mail', info.taxOfficeEmail]])}>\n` +
    `      <ОтпрНО${attrs([
      ['КодНО', info.taxOffice.code],
      ['НаимНО', info.taxOffice.name],
    ])}/>\n` +
    '    </СвПолДок>\n' +
    '  </ДопСв>\n'
  );
}

/** ДопСв as written above; anything else there (the schema allows any content) is left aside. */
function readAdditional(element: XmlElement | undefined): AdditionalInfo | undefined {
  const senderInfo = element && childElement(element, 'СвОтпр');
  const recipientInfo = element && childElement(element, 'СвПолДок');
  const taxOffice = recipientInfo && childElement(recipientInfo, 'ОтпрНО');
  const code = taxOffice?.attributes.get('КодНО');
  if (!senderInfo || !recipientInfo || !taxOffice || code === undefined) return undefined;
  const organization = childElement(senderInfo, 'ОтпрЮЛ');
  const person = childElement(senderInfo, 'ОтпрФЛ');
  const fio = person && childElement(person, 'ФИО');
  let sender: TaxpayerSender | undefined;
  if (organization) {
    sender = {
      kind: 'organization',
      inn: organization.attributes.get('ИННЮЛ') ?? '',
      kpp: organization.attributes.get('КПП') ?? '',
      name: organization.attributes.get('НаимОрг') ?? '',
    };
  } else if (person) {
    sender = {
      kind: 'person',
      inn: person.attributes.get('ИННФЛ') ?? '',
      surname: fio?.attributes.get('Фамилия') ?? '',
      givenName: fio?.attributes.get('Имя') ?? '',
      patronymic: fio?.attributes.get('Отчество'),
    };
  }
  if (!sender) return undefined;
  return {
    sender,
    senderEmail: senderInfo.attributes.get('E-mail'),
    taxOffice: { code, name: taxOffice.attributes.get('НаимНО') },
    taxOfficeEmail: recipientInfo.attributes.get('E-mail'),
  };
}

/**
 * Reads a description, this code's or another operator's; throws a ContainerError
 * (TKS-CONTAINER-DESCRIPTION) with the reason when it is not a readable ТрансИнф.
 */
export function decodePackageDescription(bytes: Uint8Array): PackageDescription {
  try {
    return readDescription(bytes);
  } catch (error) {
    throw new ContainerError(CONTAINER_ERROR_CODES.DESCRIPTION_INVALID, errorMessage(error));
  }
}

function readDescription(bytes: Uint8Array): PackageDescription {
  const decoded = decodeDeclaration(bytes);
  if (!decoded.ok) throw new Error(`packageDescription.xml: ${decoded.error.message}`);
  const parsed = parseXmlDocument(decoded.value.text);
  if (!parsed.ok) throw new Error(`packageDescription.xml: ${parsed.error.message}`);
  const root = parsed.value;
  if (root.name !== 'ТрансИнф') throw new Error(`packageDescription.xml: root is ${root.name}`);
  const readSubject = (element: XmlElement | undefined): Subject | undefined =>
    element && {
      id: required(element, 'идентификаторСубъекта'),
      type: required(element, 'типСубъекта') as SubjectType,
    };
  const sender = readSubject(childElement(root, 'отправитель'));
  const recipient = readSubject(childElement(root, 'получатель'));
  if (!sender || !recipient) throw new Error('packageDescription.xml: no отправитель or получатель');
  return {
    docflowCode: required(root, 'кодТипаДокументооборота'),
    docflowName: required(root, 'типДокументооборота'),
    transactionCode: required(root, 'кодТипаТранзакции'),
    transactionName: required(root, 'типТранзакции'),
    docflowId: required(root, 'идентификаторДокументооборота'),
    programVersion: root.attributes.get('ВерсПрог'),
    sender,
    operator: readSubject(childElement(root, 'спецоператор')),
    recipient,
    additional: readAdditional(childElement(root, 'ДопСв')),
    documents: childElements(root, 'документ').map((d) => ({
      typeCode: required(d, 'кодТипаДокумента'),
      typeName: required(d, 'типДокумента'),
      contentType: required(d, 'типСодержимого'),
      compressed: xsdBoolean(d, 'сжат'),
      encrypted: xsdBoolean(d, 'зашифрован'),
      documentId: required(d, 'идентификаторДокумента'),
      originalFileName: d.attributes.get('исходноеИмяФайла'),
      contentFileName: childElement(d, 'содержимое')?.attributes.get('имяФайла'),
      signatures: childElements(d, 'подпись').map((s) => ({
        fileName: required(s, 'имяФайла'),
        role: required(s, 'роль') as SubjectType,
      })),
    })),
  };
}

function required(element: XmlElement, name: string): string {
  const value = element.attributes.get(name);
  if (value === undefined) throw new Error(`packageDescription.xml: ${element.name} has no ${name}`);
  return value;
}

/** xs:boolean: true, false, 1 or 0. */
function xsdBoolean(element: XmlElement, name: string): boolean {
  const value = required(element, name).trim();
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new Error(`packageDescription.xml: ${element.name}/@${name} is not a boolean: ${value}`);
}

function escape(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

import * as iconv from 'iconv-lite';
import { childElement, childElements, decodeDeclaration, parseXmlDocument, XmlElement } from '@tks/xml';

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
  const attrs = (pairs: Array<[string, string | boolean | undefined]>) =>
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
    description.documents.map(documentXml).join('') +
    '</ТрансИнф>\n';
  return iconv.encode(xml, 'win1251');
}

/** Reads the description back; throws with the reason when it is not a ТрансИнф this code wrote. */
export function decodePackageDescription(bytes: Uint8Array): PackageDescription {
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
    documents: childElements(root, 'документ').map((d) => ({
      typeCode: required(d, 'кодТипаДокумента'),
      typeName: required(d, 'типДокумента'),
      contentType: required(d, 'типСодержимого'),
      compressed: required(d, 'сжат') === 'true',
      encrypted: required(d, 'зашифрован') === 'true',
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

function escape(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

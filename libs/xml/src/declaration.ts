import {
  checkInn,
  checkKpp,
  checkTaxOfficeCode,
  domainError,
  fail,
  ok,
  parseDottedDate,
  parseFileId,
  type CalendarDate,
  type DomainError,
  type ErrorDetail,
  type FileId,
  type Inn,
  type Kpp,
  type Result,
  type TaxOfficeCode,
} from '@tks/domain';
import { decodeDeclaration } from './decode';
import { parseXmlDocument, type ParseLimits } from './parse';
import { childElement, childElements, type XmlElement } from './tree';

/**
 * What the pipeline needs from a declaration, read from the part every FNS declaration format
 * shares: root `Файл` (`ИдФайл`, `ВерсПрог`, `ВерсФорм`), `Документ` (`КНД`, `ДатаДок`, `КодНО`,
 * `Период`, `ОтчетГод`, `НомКорр`) and the taxpayer `Документ/СвНП` (`НПЮЛ` or `НПФЛ`).
 * The form's own sections are the XSD's business.
 */
export interface PersonName {
  /** `Фамилия`. */
  readonly lastName: string;
  /** `Имя`. */
  readonly firstName: string;
  /** `Отчество`, optional in FNS formats. */
  readonly middleName?: string;
}

export type DeclarationTaxpayer =
  /** `СвНП/НПЮЛ`: `ИННЮЛ`, `КПП`, `НаимОрг`. */
  | { readonly kind: 'legal-entity'; readonly inn: Inn; readonly kpp: Kpp; readonly name: string }
  /** `СвНП/НПФЛ`: `ИННФЛ` and, where the form has it, `ФИО`; or 3-NDFL's `НПФЛ3` (`ИННФЛ`, `ФИОФЛ`). */
  | { readonly kind: 'person'; readonly inn: Inn; readonly name?: PersonName };

export interface DeclarationHeader {
  /** `Файл/@ИдФайл` as written; the file must be named this plus `.xml`. */
  readonly fileIdText: string;
  readonly fileId: FileId;
  /** `Файл/@ВерсПрог`: the software that produced the file. */
  readonly programVersion: string;
  /** `Файл/@ВерсФорм`: format version, e.g. `5.08`. */
  readonly formatVersion: string;
  /** `Документ/@КНД`: 7-digit form code, e.g. `1152017`. */
  readonly formCode: string;
  /** `Документ/@ДатаДок`. */
  readonly documentDate: CalendarDate;
  /** `Документ/@КодНО`. */
  readonly taxOfficeCode: TaxOfficeCode;
  /** `Документ/@Период`: 2-digit period code, e.g. `34` for a calendar year. */
  readonly period: string;
  /** `Документ/@ОтчетГод`. */
  readonly reportYear: number;
  /** `Документ/@НомКорр`: 0 for the first filing, then 1, 2, ... */
  readonly correctionNumber: number;
  readonly taxpayer: DeclarationTaxpayer;
}

const FORM_CODE = /^\d{7}$/;
const FORMAT_VERSION = /^\d+\.\d+$/;
const PERIOD = /^\d{2}$/;
const YEAR = /^\d{4}$/;
const CORRECTION_NUMBER = /^\d{1,3}$/;

class HeaderError {
  constructor(readonly error: DomainError) {}
}

function headerError(path: string, message: string, value?: string): HeaderError {
  const detail: ErrorDetail = value === undefined ? { path } : { path, value };
  return new HeaderError(domainError('TKS-DECLARATION-HEADER', `${path}: ${message}`, detail));
}

/** Re-labels an identifier's own error with the place in the document it came from. */
function at(path: string, error: DomainError): HeaderError {
  return new HeaderError(domainError(error.code, `${path}: ${error.message}`, { ...error.detail, path }));
}

function only(parent: XmlElement, name: string, path: string): XmlElement {
  const found = childElements(parent, name);
  if (found.length !== 1) {
    throw headerError(
      path,
      found.length === 0 ? 'element is missing' : `element occurs ${found.length} times`,
    );
  }
  return found[0] as XmlElement;
}

function attribute(element: XmlElement, name: string, path: string, pattern?: RegExp): string {
  const value = element.attributes.get(name);
  const where = `${path}/@${name}`;
  if (value === undefined || value === '') throw headerError(where, 'attribute is missing or empty');
  if (pattern !== undefined && !pattern.test(value))
    throw headerError(where, `"${value}" is malformed`, value);
  return value;
}

function checked<T>(result: Result<T>, path: string): T {
  if (!result.ok) throw at(path, result.error);
  return result.value;
}

function readName(fio: XmlElement | undefined, path: string): PersonName | undefined {
  if (fio === undefined) return undefined;
  const middleName = fio.attributes.get('Отчество');
  return {
    lastName: attribute(fio, 'Фамилия', path),
    firstName: attribute(fio, 'Имя', path),
    ...(middleName ? { middleName } : {}),
  };
}

function readCompany(company: XmlElement): DeclarationTaxpayer {
  const path = 'Файл/Документ/СвНП/НПЮЛ';
  return {
    kind: 'legal-entity',
    name: attribute(company, 'НаимОрг', path),
    inn: checked(checkInn(attribute(company, 'ИННЮЛ', path), 'legal-entity'), `${path}/@ИННЮЛ`),
    kpp: checked(checkKpp(attribute(company, 'КПП', path)), `${path}/@КПП`),
  };
}

function readPerson(person: XmlElement): DeclarationTaxpayer {
  const path = 'Файл/Документ/СвНП/НПФЛ';
  const inn = checked(checkInn(attribute(person, 'ИННФЛ', path), 'person'), `${path}/@ИННФЛ`);
  const name = readName(childElement(person, 'ФИО'), `${path}/ФИО`);
  return name ? { kind: 'person', inn, name } : { kind: 'person', inn };
}

/**
 * 3-NDFL since format 5.20: `НПФЛ3` with the name in `ФИОФЛ` and the INN as the element `ИННФЛ`.
 * The format lets a person file without an INN (`ИдЕРН` or `СведФЛ`), but the file name carries
 * the sender's INN, so such a file cannot be named and is refused here.
 */
function readNdfl3Person(person: XmlElement): DeclarationTaxpayer {
  const path = 'Файл/Документ/СвНП/НПФЛ3';
  const innElement = only(person, 'ИННФЛ', `${path}/ИННФЛ`);
  const innText = innElement.text.trim();
  if (innText === '') throw headerError(`${path}/ИННФЛ`, 'element is empty');
  const inn = checked(checkInn(innText, 'person'), `${path}/ИННФЛ`);
  const name = readName(only(person, 'ФИОФЛ', `${path}/ФИОФЛ`), `${path}/ФИОФЛ`);
  return name ? { kind: 'person', inn, name } : { kind: 'person', inn };
}

const TAXPAYER_READERS: ReadonlyArray<[string, (element: XmlElement) => DeclarationTaxpayer]> = [
  ['НПЮЛ', readCompany],
  ['НПФЛ', readPerson],
  ['НПФЛ3', readNdfl3Person],
];

function readTaxpayer(document: XmlElement): DeclarationTaxpayer {
  const taxpayer = only(document, 'СвНП', 'Файл/Документ/СвНП');
  const found = TAXPAYER_READERS.flatMap(([name, read]) =>
    childElements(taxpayer, name).map((element) => () => read(element)),
  );
  const [read] = found;
  if (found.length !== 1 || read === undefined) {
    throw headerError('Файл/Документ/СвНП', 'must hold exactly one of НПЮЛ, НПФЛ and НПФЛ3');
  }
  return read();
}

function readHeader(root: XmlElement): DeclarationHeader {
  if (root.name !== 'Файл') throw headerError(root.name, 'the root element must be Файл');
  const fileIdText = attribute(root, 'ИдФайл', 'Файл');
  const document = only(root, 'Документ', 'Файл/Документ');
  const documentPath = 'Файл/Документ';
  const dateText = attribute(document, 'ДатаДок', documentPath);
  const documentDate = parseDottedDate(dateText);
  if (!documentDate.ok) throw headerError(`${documentPath}/@ДатаДок`, documentDate.error.message, dateText);
  return {
    fileIdText,
    fileId: checked(parseFileId(fileIdText), 'Файл/@ИдФайл'),
    programVersion: attribute(root, 'ВерсПрог', 'Файл'),
    formatVersion: attribute(root, 'ВерсФорм', 'Файл', FORMAT_VERSION),
    formCode: attribute(document, 'КНД', documentPath, FORM_CODE),
    documentDate: documentDate.value,
    taxOfficeCode: checked(
      checkTaxOfficeCode(attribute(document, 'КодНО', documentPath)),
      `${documentPath}/@КодНО`,
    ),
    period: attribute(document, 'Период', documentPath, PERIOD),
    reportYear: Number(attribute(document, 'ОтчетГод', documentPath, YEAR)),
    correctionNumber: Number(attribute(document, 'НомКорр', documentPath, CORRECTION_NUMBER)),
    taxpayer: readTaxpayer(document),
  };
}

/** Reads the header from an already parsed tree. */
export function extractDeclarationHeader(root: XmlElement): Result<DeclarationHeader> {
  try {
    return ok(readHeader(root));
  } catch (thrown: unknown) {
    // HeaderError only shortens the code above; it never leaves this module.
    if (thrown instanceof HeaderError) return fail(thrown.error);
    throw thrown;
  }
}

/** Parses a declaration's text (guarded) and reads its header. Never throws for bad input. */
export function readDeclarationHeader(text: string, limits: ParseLimits = {}): Result<DeclarationHeader> {
  const root = parseXmlDocument(text, limits);
  return root.ok ? extractDeclarationHeader(root.value) : root;
}

/** Decodes a declaration's bytes (windows-1251 or UTF-8, as declared) and reads its header. */
export function readDeclarationHeaderFromBytes(bytes: Buffer): Result<DeclarationHeader> {
  const decoded = decodeDeclaration(bytes, { maxBytes: bytes.length });
  return decoded.ok ? readDeclarationHeader(decoded.value.text) : decoded;
}

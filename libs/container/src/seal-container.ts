import { randomBytes } from 'node:crypto';
import { CertificateInput } from '@tks/crypto';
import { findDocflowType, findDocumentType, findTransaction } from '@tks/domain';
import { containerFileName } from './container-name';
import { encryptForRecipient } from './content-encryption';
import { DECLARATION_DESCRIPTION_FILE, declarationExtras } from './declaration-description';
import { compressDocument } from './document-compression';
import { assertValidDescription } from './description-schema';
import {
  AdditionalInfo,
  DocumentEntry,
  encodePackageDescription,
  PACKAGE_DESCRIPTION_FILE,
  PackageDescription,
  subject,
  SubjectType,
} from './package-description';
import { writeZip, ZipEntry } from './zip-archive';

export interface SealedSignature {
  /** Detached CMS over the document's original (uncompressed, unencrypted) bytes. */
  readonly data: Uint8Array;
  readonly role: SubjectType;
}

export interface SealedDocument {
  /** Document type code within the docflow type, e.g. 01 декларация. */
  readonly typeCode: string;
  /** The file name the document travels under, e.g. the declaration's ИдФайл + .xml. */
  readonly fileName: string;
  /**
   * The document's bytes. Absent, the document travels as its signatures only, as the tax office
   * echoes a declaration in its answer container with its own signature of it (domain README).
   */
  readonly content?: Uint8Array;
  readonly contentType?: string;
  readonly signatures: readonly SealedSignature[];
  /** Encrypt this document's content when the request names a recipient; default true. */
  readonly encrypt?: boolean;
}

export interface SealRequest {
  readonly senderId: string;
  readonly recipientId: string;
  /** The operator's code, written as спецоператор when the operator is neither sender nor recipient. */
  readonly operatorId?: string;
  readonly docflowId: string;
  readonly docflowCode: string;
  readonly transactionCode: string;
  /** ВерсПрог: the sending software and its version (required by the official schema). */
  readonly programVersion: string;
  readonly documents: readonly SealedDocument[];
  /** Compress each content file, as a ZIP archive of that one file (сжат="true"); default true. */
  readonly compress?: boolean;
  /**
   * ДопСв. For a declaration (01/01) it is derived from the declaration's header when not given,
   * together with the описание document TR_DEKL.xml (declaration-description.ts).
   */
  readonly additional?: AdditionalInfo;
  /** The recipient's certificate: content is then CMS EnvelopedData for it (зашифрован="true"). */
  readonly encryptFor?: CertificateInput;
}

export interface SealedContainer {
  readonly fileName: string;
  readonly archive: Buffer;
  readonly description: PackageDescription;
}

/**
 * Seals documents and their signatures as a transport container (ФНС:1.0) in the layout other
 * operators write (domain README, "What real containers look like"; docs/decisions/0013): every
 * file named `<32 hex>.bin` with the document's name in исходноеИмяФайла; content compressed as a
 * ZIP archive of the one file, then encrypted (ciphertext does not compress); signatures over the
 * original bytes, so the recipient decrypts, unzips and verifies.
 */
export async function sealContainer(input: SealRequest): Promise<SealedContainer> {
  const request = withDeclarationExtras(input);
  const docflow = findDocflowType(request.docflowCode);
  const transaction = findTransaction(request.docflowCode, request.transactionCode);
  if (!docflow || !transaction) {
    throw new RangeError(`unknown docflow ${request.docflowCode} / transaction ${request.transactionCode}`);
  }
  if (request.documents.length === 0) throw new RangeError('a container holds at least one document');
  const compress = request.compress ?? true;
  const files: ZipEntry[] = [];
  const entries: DocumentEntry[] = [];
  for (const document of request.documents) {
    const type = findDocumentType(request.docflowCode, document.typeCode);
    if (!type) throw new RangeError(`unknown document type ${document.typeCode}`);
    const encrypt = request.encryptFor !== undefined && document.encrypt !== false;
    const contentFileName =
      document.content === undefined
        ? undefined
        : await addContent(
            files,
            document.fileName,
            document.content,
            compress,
            encrypt ? request.encryptFor : undefined,
          );
    const signatures = document.signatures.map((signature) => {
      const fileName = binName();
      files.push({ name: fileName, data: Buffer.from(signature.data) });
      return { fileName, role: signature.role };
    });
    entries.push({
      typeCode: type.code,
      typeName: type.name,
      contentType: document.contentType ?? 'xml',
      compressed: compress && contentFileName !== undefined,
      encrypted: encrypt && contentFileName !== undefined,
      documentId: hex32(),
      originalFileName: document.fileName,
      contentFileName,
      signatures,
    });
  }
  const operator =
    request.operatorId &&
    request.operatorId !== request.senderId &&
    request.operatorId !== request.recipientId
      ? subject(request.operatorId)
      : undefined;
  const description: PackageDescription = {
    docflowCode: docflow.code,
    docflowName: docflow.name,
    transactionCode: transaction.code,
    transactionName: transaction.name,
    docflowId: request.docflowId,
    programVersion: request.programVersion,
    sender: subject(request.senderId),
    operator,
    recipient: subject(request.recipientId),
    additional: request.additional,
    documents: entries,
  };
  const descriptionBytes = encodePackageDescription(description);
  assertValidDescription(descriptionBytes);
  const archive = await writeZip([{ name: PACKAGE_DESCRIPTION_FILE, data: descriptionBytes }, ...files]);
  const fileName = containerFileName({
    senderId: request.senderId,
    recipientId: request.recipientId,
    docflowId: request.docflowId,
    docflowCode: docflow.code,
    transactionCode: transaction.code,
    firstDocumentTypeCode: entries[0].typeCode,
  });
  return { fileName, archive, description };
}

/** Compresses, then encrypts, one document's content into the archive; returns its file name. */
async function addContent(
  files: ZipEntry[],
  fileName: string,
  content: Uint8Array,
  compress: boolean,
  encryptFor: CertificateInput | undefined,
): Promise<string> {
  let data: Buffer = Buffer.from(content);
  if (compress) data = await compressDocument(fileName, data);
  if (encryptFor !== undefined) data = await encryptForRecipient(data, encryptFor);
  const name = binName();
  files.push({ name, data });
  return name;
}

function hex32(): string {
  return randomBytes(16).toString('hex');
}

/** Files in the container are named `<32 hex>.bin`, as the channel names them. */
function binName(): string {
  return `${hex32()}.bin`;
}

/**
 * A declaration sent by the taxpayer (01/01) travels with its описание TR_DEKL.xml and ДопСв
 * (declaration-description.ts) unless the request brings its own.
 */
function withDeclarationExtras(request: SealRequest): SealRequest {
  if (request.docflowCode !== '01' || request.transactionCode !== '01') return request;
  if (request.documents.some((d) => d.typeCode === '02') && request.additional) return request;
  const declaration = request.documents.find((d) => d.typeCode === '01' && d.content !== undefined);
  if (!declaration?.content) return request;
  const extras = declarationExtras(declaration.content, request.senderId, request.recipientId);
  if (!extras) return request;
  const hasDescription = request.documents.some((d) => d.typeCode === '02');
  return {
    ...request,
    additional: request.additional ?? extras.additional,
    documents: hasDescription
      ? request.documents
      : [
          ...request.documents,
          {
            typeCode: '02',
            fileName: DECLARATION_DESCRIPTION_FILE,
            content: extras.description,
            signatures: [],
            encrypt: false,
          },
        ],
  };
}

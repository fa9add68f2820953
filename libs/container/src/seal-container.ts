import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { CertificateInput } from '@tks/crypto';
import { findDocflowType, findDocumentType, findTransaction } from '@tks/domain';
import { containerFileName } from './container-name';
import { encryptForRecipient } from './content-encryption';
import { assertValidDescription } from './description-schema';
import {
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
  /** gzip each content file (сжат="true"); default true. */
  readonly compress?: boolean;
  /** The recipient's certificate: content is then CMS EnvelopedData for it (зашифрован="true"). */
  readonly encryptFor?: CertificateInput;
}

export interface SealedContainer {
  readonly fileName: string;
  readonly archive: Buffer;
  readonly description: PackageDescription;
}

/**
 * Seals documents and their signatures as a transport container (ФНС:1.0). Content is compressed
 * first and then encrypted (ciphertext does not compress); signatures stay over the original bytes,
 * so the recipient decrypts, decompresses and verifies (ММВ-7-6/535@; order marked "(confirm)").
 */
export async function sealContainer(request: SealRequest): Promise<SealedContainer> {
  const docflow = findDocflowType(request.docflowCode);
  const transaction = findTransaction(request.docflowCode, request.transactionCode);
  if (!docflow || !transaction) {
    throw new RangeError(`unknown docflow ${request.docflowCode} / transaction ${request.transactionCode}`);
  }
  if (request.documents.length === 0) throw new RangeError('a container holds at least one document');
  const compress = request.compress ?? true;
  const encrypt = request.encryptFor !== undefined;
  const files: ZipEntry[] = [];
  const entries: DocumentEntry[] = [];
  for (const document of request.documents) {
    const type = findDocumentType(request.docflowCode, document.typeCode);
    if (!type) throw new RangeError(`unknown document type ${document.typeCode}`);
    const contentFileName =
      document.content === undefined
        ? undefined
        : await addContent(files, document.fileName, document.content, compress, request.encryptFor);
    const signatures = document.signatures.map((signature, index) => {
      const fileName = `${document.fileName}.${index + 1}.sig`;
      files.push({ name: fileName, data: Buffer.from(signature.data) });
      return { fileName, role: signature.role };
    });
    entries.push({
      typeCode: type.code,
      typeName: type.name,
      contentType: document.contentType ?? 'xml',
      compressed: compress && contentFileName !== undefined,
      encrypted: encrypt && contentFileName !== undefined,
      documentId: randomUUID().replace(/-/g, ''),
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
  let name = fileName;
  if (compress) {
    data = gzipSync(data);
    name += '.gz';
  }
  if (encryptFor !== undefined) {
    data = await encryptForRecipient(data, encryptFor);
    name += '.p7e';
  }
  files.push({ name, data });
  return name;
}

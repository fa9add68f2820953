import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { CertificateInput, startEnveloped, StreamedEnvelope } from '@tks/crypto';
import { DeclarationHeader } from '@tks/xml';
import { findDocflowType, findDocumentType, findTransaction } from '@tks/domain';
import { containerFileName } from './container-name';
import { encryptForRecipient, isGostCertificate } from './content-encryption';
import {
  DECLARATION_DESCRIPTION_FILE,
  declarationExtras,
  declarationExtrasOf,
  DeclarationExtras,
} from './declaration-description';
import { compressDocument, compressDocumentToFile } from './document-compression';
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
import { StreamedZipEntry, writeZip, writeZipStream, ZipEntry } from './zip-archive';

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
  /** The bytes read from a source instead (sealContainerStreamed), for a document too large to hold. */
  readonly stream?: StreamedContent;
  readonly contentType?: string;
  readonly signatures: readonly SealedSignature[];
  /** Encrypt this document's content when the request names a recipient; default true. */
  readonly encrypt?: boolean;
}

/** A document's bytes as a source read once while the container is written. */
export interface StreamedContent {
  readonly open: () => Readable;
  readonly size: number;
  /** A declaration's header, read by the caller from its head, for its описание and ДопСв. */
  readonly header?: DeclarationHeader;
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
  const prepared = await prepareContainer(input, (files, document, compress, encryptFor) => {
    if (document.stream) throw new RangeError('streamed content is sealed by sealContainerStreamed');
    if (document.content === undefined) return Promise.resolve(undefined);
    return addContent(files, document.fileName, document.content, compress, encryptFor);
  });
  const archive = await writeZip(prepared.files.filter((file): file is ZipEntry => 'data' in file));
  return { fileName: prepared.fileName, archive, description: prepared.description };
}

/**
 * The same container written as a stream, for content given as a source (SealedDocument.stream):
 * the content is compressed into a scratch file (its length fixes the envelope's DER lengths), then
 * encrypted piece by piece while `sink` reads the archive, so memory stays at a few pieces whatever
 * the declaration's size. The scratch files are gone when the promise settles. AES (a recipient
 * without a GOST certificate, test deployments) still encrypts in memory.
 */
export async function sealContainerStreamed<T>(
  input: SealRequest,
  sink: (archive: Readable) => Promise<T>,
): Promise<{ fileName: string; description: PackageDescription; result: T }> {
  const scratch = await mkdtemp(join(tmpdir(), 'tks-seal-'));
  const envelopes: StreamedEnvelope[] = [];
  try {
    const prepared = await prepareContainer(input, (files, document, compress, encryptFor) => {
      if (document.stream) {
        return addStreamedContent(files, document.fileName, document.stream, compress, encryptFor, {
          scratch,
          envelopes,
        });
      }
      if (document.content === undefined) return Promise.resolve(undefined);
      return addContent(files, document.fileName, document.content, compress, encryptFor);
    });
    const result = await sink(writeZipStream(prepared.files));
    return { fileName: prepared.fileName, description: prepared.description, result };
  } finally {
    for (const envelope of envelopes) envelope.close();
    await rm(scratch, { recursive: true, force: true });
  }
}

type AddContent = (
  files: Array<ZipEntry | StreamedZipEntry>,
  document: SealedDocument,
  compress: boolean,
  encryptFor: CertificateInput | undefined,
) => Promise<string | undefined>;

async function prepareContainer(
  input: SealRequest,
  add: AddContent,
): Promise<{
  fileName: string;
  description: PackageDescription;
  files: Array<ZipEntry | StreamedZipEntry>;
}> {
  const request = withDeclarationExtras(input);
  const docflow = findDocflowType(request.docflowCode);
  const transaction = findTransaction(request.docflowCode, request.transactionCode);
  if (!docflow || !transaction) {
    throw new RangeError(`unknown docflow ${request.docflowCode} / transaction ${request.transactionCode}`);
  }
  if (request.documents.length === 0) throw new RangeError('a container holds at least one document');
  const compress = request.compress ?? true;
  const files: Array<ZipEntry | StreamedZipEntry> = [];
  const entries: DocumentEntry[] = [];
  for (const document of request.documents) {
    const type = findDocumentType(request.docflowCode, document.typeCode);
    if (!type) throw new RangeError(`unknown document type ${document.typeCode}`);
    const encrypt = request.encryptFor !== undefined && document.encrypt !== false;
    const contentFileName = await add(files, document, compress, encrypt ? request.encryptFor : undefined);
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
  const fileName = containerFileName({
    senderId: request.senderId,
    recipientId: request.recipientId,
    docflowId: request.docflowId,
    docflowCode: docflow.code,
    transactionCode: transaction.code,
    firstDocumentTypeCode: entries[0].typeCode,
  });
  return {
    fileName,
    description,
    files: [{ name: PACKAGE_DESCRIPTION_FILE, data: descriptionBytes }, ...files],
  };
}

/** Pieces of a streamed content read from scratch files: 64 KiB, a slice of keystream each. */
const PIECE_BYTES = 64 * 1024;

/**
 * Compresses a streamed document into a scratch file, then adds it as an entry that is encrypted
 * while the archive is read; returns its file name.
 */
async function addStreamedContent(
  files: Array<ZipEntry | StreamedZipEntry>,
  fileName: string,
  source: StreamedContent,
  compress: boolean,
  encryptFor: CertificateInput | undefined,
  scratch: { scratch: string; envelopes: StreamedEnvelope[] },
): Promise<string> {
  const name = binName();
  let open = source.open;
  let size = source.size;
  if (compress) {
    const path = join(scratch.scratch, name);
    size = await compressDocumentToFile(fileName, source.open, source.size, path);
    open = () => createReadStream(path, { highWaterMark: PIECE_BYTES });
  }
  if (encryptFor !== undefined && !isGostCertificate(encryptFor)) {
    files.push({ name, data: await encryptForRecipient(await gather(open()), encryptFor) });
    return name;
  }
  if (encryptFor !== undefined) {
    const envelope = startEnveloped(size, encryptFor);
    scratch.envelopes.push(envelope);
    const plain = open;
    open = () => Readable.from(encryptedPieces(envelope, plain()));
    size = envelope.size;
  }
  files.push({ name, size, open });
  return name;
}

/** The envelope's header, then each piece encrypted, the event loop let go between pieces. */
async function* encryptedPieces(envelope: StreamedEnvelope, plain: Readable): AsyncGenerator<Buffer> {
  yield envelope.header;
  for await (const piece of plain) {
    yield Buffer.from(envelope.encrypt(piece as Buffer));
    await nextTurn();
  }
}

async function gather(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

/** Compresses, then encrypts, one document's content into the archive; returns its file name. */
async function addContent(
  files: Array<ZipEntry | StreamedZipEntry>,
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
  const declaration = request.documents.find(
    (d) => d.typeCode === '01' && (d.content !== undefined || d.stream?.header !== undefined),
  );
  if (!declaration) return request;
  const extras: DeclarationExtras | undefined = declaration.content
    ? declarationExtras(declaration.content, request.senderId, request.recipientId)
    : declaration.stream?.header &&
      declarationExtrasOf(declaration.stream.header, request.senderId, request.recipientId);
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

import { Readable } from 'node:stream';
import {
  CertificateInput,
  CmsEngine,
  createGostEngine,
  StreamedContent,
  VerificationResult,
  verifyDetached,
} from '@tks/crypto';
import {
  CONTAINER_ERROR_CODES,
  ContainerError,
  DocumentProblemCode,
  errorMessage,
  SignatureProblemCode,
} from './container-error';
import { decryptForRecipient } from './content-encryption';
import { decompressDocument, decompressDocumentStream } from './document-compression';
import {
  decodePackageDescription,
  DocumentEntry,
  PACKAGE_DESCRIPTION_FILE,
  PackageDescription,
  SubjectType,
} from './package-description';
import { readZip } from './zip-archive';

export interface RecipientKey {
  readonly certificate: CertificateInput;
  /** PKCS#8 DER of the recipient's private key. */
  readonly privateKeyPkcs8: Uint8Array;
}

export interface OpenOptions {
  /** Decrypts encrypted content; without it such a document is reported as still encrypted. */
  readonly recipientKey?: RecipientKey;
  readonly trustedCertificates?: readonly CertificateInput[];
  readonly engine?: CmsEngine;
  /**
   * The bytes of a document that travels as signatures only (no содержимое), by its original file
   * name: e.g. the declaration the tax office echoes with its signature. Without them such a
   * document's signatures are left unchecked (CONTENT_HELD_ELSEWHERE), which is no defect.
   */
  readonly detachedContent?: (originalFileName: string | undefined) => Buffer | StreamedContent | undefined;
  /**
   * False: unpack and decrypt only, for a caller that verifies the signatures itself (the tax
   * office checks the declaration's with its own time, status and register); the container is then
   * reported not `valid`. Default true.
   */
  readonly verifySignatures?: boolean;
  /**
   * True: compressed content is not decompressed in memory; the document gives `contentStream`
   * instead of `content`, and its signatures are left unchecked (the caller checks them over the
   * stream). For a declaration of any size, read once into a store. Default false.
   */
  readonly streamContent?: boolean;
  /**
   * Default true: a signature must be CAdES-BES (signing-certificate attribute). False accepts plain
   * CMS signatures, as software of other operators wrote them in earlier years.
   */
  readonly requireSigningCertificate?: boolean;
  /**
   * Default true, for archives: GOST R 34.10-2001 / 34.11-94 signatures are verified and marked
   * legacyAlgorithm. False (a current answer of the tax office) refuses them, UNSUPPORTED_ALGORITHM.
   */
  readonly allowLegacyAlgorithms?: boolean;
}

export interface OpenedSignature {
  readonly fileName: string;
  /** The detached CMS as the container holds it (empty when the file is missing). */
  readonly data: Buffer;
  /** The signer's role as the description names it (абонент, спецоператор, налоговыйОрган). */
  readonly role: SubjectType;
  /** Undefined while the content could not be recovered, or the signature was not checked. */
  readonly verification?: VerificationResult;
  readonly problemCode?: SignatureProblemCode;
  readonly problem?: string;
}

export interface OpenedDocument {
  readonly entry: DocumentEntry;
  /** The original bytes (decrypted and decompressed), when they could be recovered. */
  readonly content?: Buffer;
  /** With streamContent: the original bytes as a stream, decompressed as it is read. */
  readonly contentStream?: () => Readable;
  /** Why the content is not there (docs/errors.md, "Transport containers"). */
  readonly problemCode?: DocumentProblemCode;
  readonly problem?: string;
  readonly signatures: readonly OpenedSignature[];
}

export interface OpenedContainer {
  readonly description: PackageDescription;
  readonly documents: readonly OpenedDocument[];
  /**
   * Every document's content recovered (or, for a document of signatures only, held elsewhere) and
   * every signature checked valid; a signature-only document whose content was not given counts
   * as neither valid nor invalid.
   */
  readonly valid: boolean;
}

/**
 * Unpacks a transport container (ФНС:1.0), this code's or another operator's, decrypts what it
 * can, decompresses (ZIP of one file, or gzip) and verifies every signature over the original
 * bytes. Only an archive that is not a ZIP, or has no readable description, rejects (with a
 * ContainerError and its code); everything else is reported per document and per signature.
 */
export async function openContainer(archive: Buffer, options: OpenOptions = {}): Promise<OpenedContainer> {
  const files = new Map((await readZip(archive)).map((entry) => [entry.name, entry.data]));
  const descriptionBytes = files.get(PACKAGE_DESCRIPTION_FILE);
  if (!descriptionBytes) {
    throw new ContainerError(
      CONTAINER_ERROR_CODES.NO_DESCRIPTION,
      `the container has no ${PACKAGE_DESCRIPTION_FILE}`,
    );
  }
  const description = decodePackageDescription(descriptionBytes);
  const engine = options.engine ?? createGostEngine();
  const documents: OpenedDocument[] = [];
  for (const entry of description.documents) {
    const recovered = entry.contentFileName
      ? await recoverContent(
          entry,
          fileOf(files, entry.contentFileName),
          options.recipientKey,
          options.streamContent === true,
        )
      : signedOnly(entry, options);
    const signatures: OpenedSignature[] = [];
    for (const signature of entry.signatures) {
      signatures.push(
        await checkSignature(signature, fileOf(files, signature.fileName), recovered, options, engine),
      );
    }
    const { streamed: _streamed, ...opened } = recovered;
    documents.push({ entry, ...opened, signatures });
  }
  const verified = options.verifySignatures !== false;
  const valid =
    verified &&
    documents.every((document) => {
      const heldElsewhere = document.problemCode === 'CONTENT_HELD_ELSEWHERE';
      if (document.problemCode !== undefined && !heldElsewhere) return false;
      return document.signatures.every(
        (s) => s.problemCode === undefined && (s.verification?.valid === true || heldElsewhere),
      );
    });
  return { description, documents, valid };
}

type Recovered = Pick<OpenedDocument, 'content' | 'contentStream' | 'problemCode' | 'problem'> & {
  /** Detached content given as a stream: its signatures are verified over it, read as they go. */
  readonly streamed?: StreamedContent;
};

/** A file by the name the description gives; names are matched exactly, then without folders. */
function fileOf(files: ReadonlyMap<string, Buffer>, name: string): Buffer | undefined {
  const exact = files.get(name);
  if (exact) return exact;
  const base = name.split(/[\\/]/).pop();
  for (const [candidate, data] of files) {
    if (candidate.split('/').pop() === base) return data;
  }
  return undefined;
}

async function recoverContent(
  entry: DocumentEntry,
  file: Buffer | undefined,
  key: RecipientKey | undefined,
  stream = false,
): Promise<Recovered> {
  if (!file) {
    return {
      problemCode: 'CONTENT_MISSING',
      problem: `the container lacks the content file ${entry.contentFileName ?? ''}`,
    };
  }
  let data = file;
  if (entry.encrypted) {
    if (!key) {
      return {
        problemCode: 'CONTENT_ENCRYPTED',
        problem: 'the content is encrypted and no recipient key was given',
      };
    }
    try {
      data = await decryptForRecipient(data, key.certificate, key.privateKeyPkcs8);
    } catch (error) {
      return {
        problemCode: 'CONTENT_NOT_DECRYPTED',
        problem: `the content cannot be decrypted with this key: ${errorMessage(error)}`,
      };
    }
  }
  if (stream) {
    const decrypted = data;
    if (!entry.compressed) return { contentStream: () => Readable.from([decrypted]) };
    return { contentStream: () => decompressDocumentStream(decrypted) };
  }
  if (!entry.compressed) return { content: data };
  try {
    return { content: await decompressDocument(data) };
  } catch (error) {
    return { problemCode: 'CONTENT_NOT_DECOMPRESSED', problem: errorMessage(error) };
  }
}

/** A document without content: its signatures are checked over the bytes the caller holds. */
function signedOnly(entry: DocumentEntry, options: OpenOptions): Recovered {
  const content = options.detachedContent?.(entry.originalFileName);
  if (content && !Buffer.isBuffer(content)) return { streamed: content };
  return content
    ? { content }
    : {
        problemCode: 'CONTENT_HELD_ELSEWHERE',
        problem: 'the document travels as signatures only; its content is held by the recipient',
      };
}

async function checkSignature(
  signature: DocumentEntry['signatures'][number],
  data: Buffer | undefined,
  recovered: Recovered,
  options: OpenOptions,
  engine: CmsEngine,
): Promise<OpenedSignature> {
  const base = { fileName: signature.fileName, role: signature.role };
  if (!data) {
    return {
      ...base,
      data: Buffer.alloc(0),
      problemCode: 'SIGNATURE_MISSING',
      problem: `the container lacks the signature file ${signature.fileName}`,
    };
  }
  const content = recovered.content ?? recovered.streamed;
  if (!content || options.verifySignatures === false) return { ...base, data };
  try {
    const verification = await verifyDetached({
      signature: data,
      content,
      engine,
      trustedCertificates: options.trustedCertificates,
      requireSigningCertificate: options.requireSigningCertificate,
      allowLegacyAlgorithms: options.allowLegacyAlgorithms ?? true,
    });
    return { ...base, data, verification };
  } catch (error) {
    return {
      ...base,
      data,
      problemCode: 'SIGNATURE_UNCHECKED',
      problem: `the signature could not be checked: ${errorMessage(error)}`,
    };
  }
}

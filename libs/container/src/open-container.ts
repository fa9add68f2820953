import { gunzipSync } from 'node:zlib';
import {
  CertificateInput,
  CmsEngine,
  createGostEngine,
  VerificationResult,
  verifyDetached,
} from '@tks/crypto';
import { decryptForRecipient } from './content-encryption';
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
   * document's signatures cannot be verified and the container is not valid.
   */
  readonly detachedContent?: (originalFileName: string | undefined) => Buffer | undefined;
  /**
   * False: unpack and decrypt only, for a caller that verifies the signatures itself (the tax
   * office checks the declaration's with its own time, status and register); the container is then
   * reported not `valid`. Default true.
   */
  readonly verifySignatures?: boolean;
}

export interface OpenedSignature {
  readonly fileName: string;
  /** The detached CMS as the container holds it. */
  readonly data: Buffer;
  readonly role: SubjectType;
  /** Undefined while the content could not be decrypted. */
  readonly verification?: VerificationResult;
}

export interface OpenedDocument {
  readonly entry: DocumentEntry;
  /** The original bytes (decrypted and decompressed), when they could be recovered. */
  readonly content?: Buffer;
  /** Why the content could not be recovered (e.g. no key for encrypted content). */
  readonly problem?: string;
  readonly signatures: readonly OpenedSignature[];
}

export interface OpenedContainer {
  readonly description: PackageDescription;
  readonly documents: readonly OpenedDocument[];
  /** Every document recovered and every signature valid. */
  readonly valid: boolean;
}

/** Unpacks a transport container, decrypts what it can, and verifies every signature. */
export async function openContainer(archive: Buffer, options: OpenOptions = {}): Promise<OpenedContainer> {
  const files = new Map((await readZip(archive)).map((entry) => [entry.name, entry.data]));
  const descriptionBytes = files.get(PACKAGE_DESCRIPTION_FILE);
  if (!descriptionBytes) throw new Error(`the container has no ${PACKAGE_DESCRIPTION_FILE}`);
  const description = decodePackageDescription(descriptionBytes);
  const engine = options.engine ?? createGostEngine();
  const documents: OpenedDocument[] = [];
  for (const entry of description.documents) {
    const { content, problem } = entry.contentFileName
      ? await recoverContent(entry, files, options.recipientKey)
      : signedOnly(entry, options);
    const signatures: OpenedSignature[] = [];
    for (const signature of entry.signatures) {
      const data = files.get(signature.fileName);
      if (!data) throw new Error(`the container lacks the signature file ${signature.fileName}`);
      signatures.push({
        fileName: signature.fileName,
        data,
        role: signature.role,
        verification:
          content && options.verifySignatures !== false
            ? await verifyDetached({
                signature: data,
                content,
                engine,
                trustedCertificates: options.trustedCertificates,
              })
            : undefined,
      });
    }
    documents.push({ entry, content, problem, signatures });
  }
  const valid = documents.every(
    (d) => d.content !== undefined && d.signatures.every((s) => s.verification?.valid === true),
  );
  return { description, documents, valid };
}

async function recoverContent(
  entry: DocumentEntry,
  files: ReadonlyMap<string, Buffer>,
  key: RecipientKey | undefined,
): Promise<{ content?: Buffer; problem?: string }> {
  if (!entry.contentFileName) return { problem: 'the document has no content file' };
  let data = files.get(entry.contentFileName);
  if (!data) throw new Error(`the container lacks the content file ${entry.contentFileName}`);
  if (entry.encrypted) {
    if (!key) return { problem: 'the content is encrypted and no recipient key was given' };
    try {
      data = await decryptForRecipient(data, key.certificate, key.privateKeyPkcs8);
    } catch (error) {
      return { problem: `the content cannot be decrypted with this key: ${String(error)}` };
    }
  }
  return { content: entry.compressed ? gunzipSync(data) : data };
}

/** A document without content: its signatures are checked over the bytes the caller holds. */
function signedOnly(entry: DocumentEntry, options: OpenOptions): { content?: Buffer; problem?: string } {
  const content = options.detachedContent?.(entry.originalFileName);
  return content
    ? { content }
    : { problem: 'the document travels as signatures only and its content was not given' };
}

/**
 * Why a transport container could not be opened at all (docs/errors.md, "Transport containers").
 * Everything inside a readable description is reported per document instead (DocumentProblemCode):
 * one unreadable document never hides the others.
 */
export const CONTAINER_ERROR_CODES = {
  /** Not a ZIP archive, or its structure (central directory, an entry's data or CRC) is broken. */
  NOT_ZIP: 'TKS-CONTAINER-NOT-ZIP',
  /** An entry's name leaves the archive (absolute, `..`) or an entry is larger than the limit. */
  UNSAFE_ENTRY: 'TKS-CONTAINER-UNSAFE-ENTRY',
  /** The archive has no packageDescription.xml. */
  NO_DESCRIPTION: 'TKS-CONTAINER-NO-DESCRIPTION',
  /** packageDescription.xml is not readable XML, not a ТрансИнф, or lacks a required field. */
  DESCRIPTION_INVALID: 'TKS-CONTAINER-DESCRIPTION',
} as const;

export type ContainerErrorCode = (typeof CONTAINER_ERROR_CODES)[keyof typeof CONTAINER_ERROR_CODES];

export class ContainerError extends Error {
  constructor(
    readonly code: ContainerErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ContainerError';
  }
}

/** Per-document reasons of openContainer (docs/errors.md). */
export const DOCUMENT_PROBLEM_CODES = {
  /** содержимое names a file the archive does not hold. */
  CONTENT_MISSING: 'CONTENT_MISSING',
  /** The content is encrypted and no recipient key was given. */
  CONTENT_ENCRYPTED: 'CONTENT_ENCRYPTED',
  /** The key given does not decrypt it: not CMS EnvelopedData, for another recipient, or damaged. */
  CONTENT_NOT_DECRYPTED: 'CONTENT_NOT_DECRYPTED',
  /** сжат="true", but the bytes are neither a ZIP archive of one file nor gzip, or are damaged. */
  CONTENT_NOT_DECOMPRESSED: 'CONTENT_NOT_DECOMPRESSED',
  /**
   * The document travels as signatures only (no содержимое), as the tax office echoes a
   * declaration: not a defect; its signatures are checked only over content the caller gives.
   */
  CONTENT_HELD_ELSEWHERE: 'CONTENT_HELD_ELSEWHERE',
} as const;

export type DocumentProblemCode = keyof typeof DOCUMENT_PROBLEM_CODES;

/** Per-signature reasons besides a verification result. */
export const SIGNATURE_PROBLEM_CODES = {
  /** подпись names a file the archive does not hold. */
  SIGNATURE_MISSING: 'SIGNATURE_MISSING',
  /** The verifier failed on it in a way it does not classify (kept with its message). */
  SIGNATURE_UNCHECKED: 'SIGNATURE_UNCHECKED',
} as const;

export type SignatureProblemCode = keyof typeof SIGNATURE_PROBLEM_CODES;

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

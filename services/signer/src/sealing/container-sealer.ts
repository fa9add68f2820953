import { DocumentRef, FilingSubmitted } from '@tks/contracts';
import { sealContainerStreamed, StreamedContent, SubjectType } from '@tks/container';
import { DocumentStore } from '@tks/storage';

/** ВерсПрог of the containers the operator seals (required by the official description schema). */
export const SEALING_PROGRAM_VERSION = 'tks 0.1.0';

export interface SealedFiling {
  readonly ref: DocumentRef;
}

/**
 * Seals a signed declaration as the FNS transport container (libs/container) from the subscriber to
 * the tax office, through the operator, and keeps it in the document store. Docflow 01 "Декларация",
 * transaction 01 "ДекларацияНП", document type 01 "декларация". The content is always encrypted
 * for the tax office's certificate: GOST (Kuznyechik, KEG + KExp15) for the GOST certificate every
 * shipped deployment configures, AES only for an ECDSA or RSA one (libs/container). The declaration
 * is read from the store as a stream and the container written to it as one: a declaration of
 * hundreds of megabytes is never held in memory.
 */
export class ContainerSealer {
  constructor(
    private readonly store: DocumentStore,
    private readonly operatorCode: string,
    /** PEM of the tax office's encryption certificate (TAX_OFFICE_CERTIFICATE_FILE). */
    private readonly taxOfficeCertificate: string,
  ) {}

  async seal(
    filing: FilingSubmitted,
    declaration: StreamedContent,
    signature: Buffer,
    role: SubjectType,
  ): Promise<SealedFiling> {
    const sealed = await sealContainerStreamed(
      {
        senderId: filing.subscriberId,
        recipientId: filing.taxOfficeCode,
        operatorId: this.operatorCode,
        docflowId: filing.docflowId,
        docflowCode: '01',
        transactionCode: '01',
        programVersion: SEALING_PROGRAM_VERSION,
        documents: [
          {
            typeCode: '01',
            fileName: filing.declaration.fileName,
            stream: declaration,
            signatures: [{ data: signature, role }],
          },
        ],
        encryptFor: this.taxOfficeCertificate,
      },
      (archive) => this.store.putStream(archive),
    );
    const stored = sealed.result;
    return {
      ref: {
        sha256: stored.sha256,
        size: stored.size,
        mediaType: 'application/zip',
        fileName: sealed.fileName,
      },
    };
  }
}

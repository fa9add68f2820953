import { DocumentRef, FilingSubmitted } from '@tks/contracts';
import { sealContainer, SubjectType } from '@tks/container';
import { DocumentStore } from '@tks/storage';

export interface SealedFiling {
  readonly ref: DocumentRef;
}

/**
 * Seals a signed declaration as the FNS transport container (libs/container) from the subscriber to
 * the tax office, through the operator, and keeps it in the document store. Docflow 01 "Декларация",
 * transaction 01 "ДекларацияНП", document type 01 "декларация".
 */
export class ContainerSealer {
  constructor(
    private readonly store: DocumentStore,
    private readonly operatorCode: string,
    /** PEM of the tax office's certificate: content is encrypted for it when present. */
    private readonly taxOfficeCertificate?: string,
  ) {}

  async seal(
    filing: FilingSubmitted,
    declaration: Buffer,
    signature: Buffer,
    role: SubjectType,
  ): Promise<SealedFiling> {
    const sealed = await sealContainer({
      senderId: filing.subscriberId,
      recipientId: filing.taxOfficeCode,
      operatorId: this.operatorCode,
      docflowId: filing.docflowId,
      docflowCode: '01',
      transactionCode: '01',
      documents: [
        {
          typeCode: '01',
          fileName: filing.declaration.fileName,
          content: declaration,
          signatures: [{ data: signature, role }],
        },
      ],
      encryptFor: this.taxOfficeCertificate,
    });
    const stored = await this.store.put(sealed.archive);
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

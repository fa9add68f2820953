import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { FilingSubmitted, filingSigned } from '@tks/contracts';
import { enqueueEvent } from '@tks/messaging';
import { DocumentSigner, DOCUMENT_SIGNER } from '@tks/platform';
import { DocumentStore } from '@tks/storage';
import { Signature } from './signature.entity';

/** Signs a submitted declaration on the token (detached CAdES-BES) and reports it. */
@Injectable()
export class FilingSigningService {
  constructor(
    private readonly store: DocumentStore,
    @Inject(DOCUMENT_SIGNER) private readonly signer: DocumentSigner,
  ) {}

  async sign(filing: FilingSubmitted, manager: EntityManager): Promise<void> {
    if (await manager.existsBy(Signature, { filingId: filing.filingId })) return;
    const declaration = await this.store.get(filing.declaration.sha256);
    const { signature, info } = await this.signer.sign(declaration);
    const stored = await this.store.put(signature);
    await manager.insert(Signature, {
      filingId: filing.filingId,
      declarationSha256: filing.declaration.sha256,
      signatureSha256: stored.sha256,
      signatureSize: stored.size,
      keyLabel: this.signer.keyLabel,
      algorithm: info.algorithm,
      signerSubject: info.signerSubject,
      signerSerialNumber: info.signerSerialNumber,
      signingTime: new Date(info.signingTime),
    });
    await enqueueEvent(manager, filingSigned, filing.filingId, {
      filingId: filing.filingId,
      docflowId: filing.docflowId,
      subscriberId: filing.subscriberId,
      fileId: filing.fileId,
      taxOfficeCode: filing.taxOfficeCode,
      submittedAt: filing.submittedAt,
      declaration: filing.declaration,
      signature: {
        sha256: stored.sha256,
        size: stored.size,
        mediaType: 'application/pkcs7-signature',
        fileName: `${filing.declaration.fileName}.sig`,
      },
      signatureInfo: info,
    });
  }
}

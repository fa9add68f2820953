import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  DocumentRef,
  FilingSubmitted,
  filingSignatureRejected,
  filingSigned,
  SignatureInfo,
  SignatureVerification,
} from '@tks/contracts';
import { enqueueEvent } from '@tks/messaging';
import { DocumentSigner, DOCUMENT_SIGNER } from '@tks/platform';
import { DocumentStore } from '@tks/storage';
import { ContainerSealer } from '../sealing/container-sealer';
import { ClientSignatureVerifier, fnsCodeOf } from '../verification/client-signature-verifier';
import { Signature } from './signature.entity';
import { SignatureRejection } from './signature-rejection.entity';

interface SignedDeclaration {
  readonly signature: Buffer;
  readonly ref: DocumentRef;
  readonly info: SignatureInfo;
  readonly signedBy: 'operator' | 'client';
  readonly clientVerification?: SignatureVerification;
}

/**
 * Signs a submitted declaration on the token (detached CAdES-BES), or, when the client sent its own
 * signature, verifies that one instead; then seals the filing as a transport container and reports
 * it. A client signature that fails is stored with its reason and reported as a rejection: the
 * operator never signs in the client's place.
 */
@Injectable()
export class FilingSigningService {
  constructor(
    private readonly store: DocumentStore,
    @Inject(DOCUMENT_SIGNER) private readonly signer: DocumentSigner,
    private readonly sealer: ContainerSealer,
    private readonly clientVerifier: ClientSignatureVerifier,
  ) {}

  async sign(filing: FilingSubmitted, manager: EntityManager): Promise<void> {
    if (await manager.existsBy(Signature, { filingId: filing.filingId })) return;
    if (await manager.existsBy(SignatureRejection, { filingId: filing.filingId })) return;
    const declaration = await this.store.get(filing.declaration.sha256);
    const signed = filing.clientSignature
      ? await this.verifyClientSignature(filing, filing.clientSignature, declaration, manager)
      : await this.signOnToken(filing, declaration);
    if (!signed) return;

    const container = await this.sealer.seal(
      filing,
      declaration,
      signed.signature,
      signed.signedBy === 'client' ? 'абонент' : 'спецоператор',
    );
    await manager.insert(Signature, {
      filingId: filing.filingId,
      declarationSha256: filing.declaration.sha256,
      signatureSha256: signed.ref.sha256,
      signatureSize: signed.ref.size,
      keyLabel: signed.signedBy === 'operator' ? this.signer.keyLabel : null,
      signedBy: signed.signedBy,
      algorithm: signed.info.algorithm,
      signerSubject: signed.info.signerSubject,
      signerSerialNumber: signed.info.signerSerialNumber,
      signingTime: new Date(signed.info.signingTime),
      containerSha256: container.ref.sha256,
      containerFileName: container.ref.fileName,
      clientVerification: signed.clientVerification ?? null,
    });
    await enqueueEvent(manager, filingSigned, filing.filingId, {
      filingId: filing.filingId,
      docflowId: filing.docflowId,
      subscriberId: filing.subscriberId,
      fileId: filing.fileId,
      taxOfficeCode: filing.taxOfficeCode,
      submittedAt: filing.submittedAt,
      declaration: filing.declaration,
      signature: signed.ref,
      signatureInfo: signed.info,
      container: container.ref,
      clientSignatureVerification: signed.clientVerification,
    });
  }

  private async signOnToken(filing: FilingSubmitted, declaration: Buffer): Promise<SignedDeclaration> {
    const { signature, info } = await this.signer.sign(declaration);
    const stored = await this.store.put(signature);
    return {
      signature,
      info,
      signedBy: 'operator',
      ref: {
        sha256: stored.sha256,
        size: stored.size,
        mediaType: 'application/pkcs7-signature',
        fileName: `${filing.declaration.fileName}.sig`,
      },
    };
  }

  private async verifyClientSignature(
    filing: FilingSubmitted,
    ref: DocumentRef,
    declaration: Buffer,
    manager: EntityManager,
  ): Promise<SignedDeclaration | undefined> {
    const signature = await this.store.get(ref.sha256);
    const { result, verification } = await this.clientVerifier.verify(
      declaration,
      signature,
      new Date(filing.submittedAt),
    );
    if (!result.valid || !verification.signerSubject || !verification.signingTime) {
      const fnsCode = fnsCodeOf(result);
      await manager.insert(SignatureRejection, {
        filingId: filing.filingId,
        clientSignatureSha256: ref.sha256,
        fnsCode,
        verification,
        rejectedAt: new Date(verification.verifiedAt),
      });
      await enqueueEvent(manager, filingSignatureRejected, filing.filingId, {
        filingId: filing.filingId,
        docflowId: filing.docflowId,
        subscriberId: filing.subscriberId,
        fileId: filing.fileId,
        rejectedAt: verification.verifiedAt,
        fnsCode,
        clientSignature: ref,
        verification,
      });
      return undefined;
    }
    return {
      signature,
      ref,
      signedBy: 'client',
      clientVerification: verification,
      info: {
        algorithm: verification.algorithm ?? 'unknown',
        signerSubject: verification.signerSubject,
        signerSerialNumber: verification.signerSerialNumber ?? '',
        signingTime: verification.signingTime,
      },
    };
  }
}

import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import {
  DocumentRef,
  FilingSubmitted,
  filingSignatureRejected,
  filingSigned,
  SignatureInfo,
  SignatureVerification,
} from '@tks/contracts';
import { chooseCloudKey, signerCertificates } from '@tks/certificates';
import { enqueueEvent } from '@tks/messaging';
import { DocumentStore } from '@tks/storage';
import { readDeclarationHeaderFromStream } from '@tks/xml';
import { TokenKeysRepository } from '../keys/token-keys.repository';
import type { Transaction } from '../persistence/transactions.repository';
import { ContainerSealer } from '../sealing/container-sealer';
import { SubscriberCertificatesService } from '../subscriber-certificates/subscriber-certificates.service';
import { ClientSignatureVerifier, fnsCodeOf } from '../verification/client-signature-verifier';
import { CloudSigner } from './cloud-signer';
import { SignaturesRepository } from './signatures.repository';

/** The declaration as detached content read from the store (libs/crypto StreamedContent). */
interface StreamedDeclaration {
  readonly stream: () => Readable;
}

interface SignedDeclaration {
  readonly signature: Buffer;
  readonly ref: DocumentRef;
  readonly info: SignatureInfo;
  readonly signedBy: 'client' | 'cloud';
  readonly signerCertificateId?: string;
  readonly keyLabel?: string;
  readonly clientVerification?: SignatureVerification;
}

/** Why the filing carries no taxpayer signature; it is refused with the FNS code. */
interface Refusal {
  readonly fnsCode: string;
  readonly clientSignature?: DocumentRef;
  readonly verification?: SignatureVerification;
  readonly refusal?: { code: string; message: string };
}

/**
 * Gives a submitted declaration the taxpayer's signature, then seals the filing as a transport
 * container and reports it (issue 10: the operator's key never signs a declaration). Either the
 * client sent its own signature, which is verified here, or the subscriber consented to a cloud
 * signature for this filing, which is made with its key on the token and its registered
 * certificate. Anything else (a client signature that fails, no consent, no usable cloud key) is
 * stored with its reason and reported as a rejection with the FNS code.
 */
@Injectable()
export class FilingSigningService {
  constructor(
    private readonly store: DocumentStore,
    private readonly sealer: ContainerSealer,
    private readonly clientVerifier: ClientSignatureVerifier,
    private readonly cloudSigner: CloudSigner,
    private readonly certificates: SubscriberCertificatesService,
    private readonly signatures: SignaturesRepository,
    private readonly keys: TokenKeysRepository,
  ) {}

  async sign(filing: FilingSubmitted, manager: Transaction): Promise<void> {
    if (await this.signatures.decided(manager, filing.filingId)) return;
    // Read from the store each time it is needed, never held: hashed for the signature, its head
    // for the header, then compressed and encrypted into the container.
    const declaration: StreamedDeclaration = {
      stream: () => this.store.open(filing.declaration.sha256),
    };
    const signed = filing.clientSignature
      ? await this.verifyClientSignature(filing, filing.clientSignature, declaration)
      : filing.cloudSignatureConsent
        ? await this.signInCloud(filing, declaration, manager)
        : signatureRequired(
            'the declaration has neither the taxpayer’s signature nor its consent to a cloud signature',
          );
    if ('fnsCode' in signed) return this.reject(filing, signed, manager);

    // The taxpayer's signature either way: role абонент in the container.
    const header = await readDeclarationHeaderFromStream(declaration.stream());
    const container = await this.sealer.seal(
      filing,
      {
        open: declaration.stream,
        size: filing.declaration.size,
        header: header.ok ? header.value : undefined,
      },
      signed.signature,
      'абонент',
    );
    await this.signatures.insert(manager, {
      filingId: filing.filingId,
      declarationSha256: filing.declaration.sha256,
      signatureSha256: signed.ref.sha256,
      signatureSize: signed.ref.size,
      keyLabel: signed.keyLabel ?? null,
      signedBy: signed.signedBy,
      algorithm: signed.info.algorithm,
      signerSubject: signed.info.signerSubject,
      signerSerialNumber: signed.info.signerSerialNumber,
      signerCertificateId: signed.signerCertificateId ?? null,
      signingTime: new Date(signed.info.signingTime),
      containerSha256: container.ref.sha256,
      containerFileName: container.ref.fileName,
      clientVerification: signed.clientVerification ?? null,
      consent: filing.clientSignature ? null : (filing.cloudSignatureConsent ?? null),
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
      signedBy: signed.signedBy,
      signerCertificateId: signed.signerCertificateId,
    });
  }

  /**
   * The subscriber's consent names no key: the signer picks the key on the token that a usable,
   * registered certificate of the subscriber certifies, as its read model of the registry says now.
   */
  private async signInCloud(
    filing: FilingSubmitted,
    declaration: StreamedDeclaration,
    manager: Transaction,
  ): Promise<SignedDeclaration | Refusal> {
    const now = new Date();
    const choice = chooseCloudKey(
      await this.certificates.of(filing.subscriberId, manager),
      await this.keys.ofSubscriber(manager, filing.subscriberId),
      now,
    );
    if (!choice.ok) {
      return {
        fnsCode: '0100100000',
        refusal: { code: 'TKS-CLOUD-KEY-UNAVAILABLE', message: choice.reason },
      };
    }
    const { signature, info } = await this.cloudSigner.sign(declaration, choice.key, now);
    const stored = await this.store.put(signature);
    return {
      signature,
      info,
      signedBy: 'cloud',
      keyLabel: choice.key.keyLabel,
      signerCertificateId: choice.key.certificateId,
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
    declaration: StreamedDeclaration,
  ): Promise<SignedDeclaration | Refusal> {
    const signature = await this.store.get(ref.sha256);
    const { result, verification } = await this.clientVerifier.verify(
      declaration,
      signature,
      new Date(filing.submittedAt),
    );
    if (!result.valid || !verification.signerSubject || !verification.signingTime) {
      return { fnsCode: fnsCodeOf(result), clientSignature: ref, verification };
    }
    const signers = signerCertificates(signature);
    return {
      signature,
      ref,
      signedBy: 'client',
      clientVerification: verification,
      signerCertificateId: signers.ok ? signers.certificates[0]?.certificateId : undefined,
      info: {
        algorithm: verification.algorithm ?? 'unknown',
        signerSubject: verification.signerSubject,
        signerSerialNumber: verification.signerSerialNumber ?? '',
        signingTime: verification.signingTime,
      },
    };
  }

  private async reject(filing: FilingSubmitted, refusal: Refusal, manager: Transaction): Promise<void> {
    const rejectedAt = refusal.verification?.verifiedAt ?? new Date().toISOString();
    await this.signatures.insertRejection(manager, {
      filingId: filing.filingId,
      clientSignatureSha256: refusal.clientSignature?.sha256 ?? null,
      fnsCode: refusal.fnsCode,
      verification: refusal.verification ?? null,
      refusal: refusal.refusal ?? null,
      rejectedAt: new Date(rejectedAt),
    });
    await enqueueEvent(manager, filingSignatureRejected, filing.filingId, {
      filingId: filing.filingId,
      docflowId: filing.docflowId,
      subscriberId: filing.subscriberId,
      fileId: filing.fileId,
      rejectedAt,
      fnsCode: refusal.fnsCode,
      clientSignature: refusal.clientSignature,
      verification: refusal.verification,
      refusal: refusal.refusal,
    });
  }
}

/** FNS 0100100000 "signature missing or wrong": the filing has no signature of the taxpayer. */
const signatureRequired = (message: string): Refusal => ({
  fnsCode: '0100100000',
  refusal: { code: 'TKS-SIGNATURE-REQUIRED', message },
});

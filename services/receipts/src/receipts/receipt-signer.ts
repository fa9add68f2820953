import { Provider } from '@nestjs/common';
import { SignatureInfo } from '@tks/contracts';
import { describeCertificate, signDetached, SigningIdentity, SigningProvider } from '@tks/crypto';
import { SIGNING_PROVIDER } from '@tks/platform';

export interface SignedReceipt {
  readonly signature: Buffer;
  readonly info: SignatureInfo;
}

/**
 * Signs receipts with one key of the token (detached CAdES-BES) at a time the caller gives, so the
 * signing-time attribute is the time written in the receipt (one clock, see clock.ts).
 */
export class ReceiptSigner {
  private identity: Promise<SigningIdentity> | null = null;

  constructor(
    private readonly provider: SigningProvider,
    readonly keyLabel: string,
  ) {}

  async sign(content: Buffer, signingTime: Date): Promise<SignedReceipt> {
    this.identity ??= this.provider.findSigningIdentity(this.keyLabel);
    const identity = await this.identity.catch((error: unknown) => {
      this.identity = null;
      throw error;
    });
    const signature = await signDetached({
      content,
      certificate: identity.certificateDer,
      privateKey: identity.privateKey,
      engine: this.provider.engine,
      signingTime,
    });
    const summary = describeCertificate(identity.certificate);
    const { name, namedCurve } = identity.privateKey.algorithm as { name: string; namedCurve?: string };
    return {
      signature,
      info: {
        algorithm: namedCurve ? `${name} ${namedCurve} with SHA-256` : `${name} with SHA-256`,
        signerSubject: summary.subject,
        signerSerialNumber: summary.serialNumber,
        signingTime: signingTime.toISOString(),
      },
    };
  }
}

/** The operator signs the sending-date confirmation; the tax office signs its answers. */
export const OPERATOR_SIGNER = Symbol('OPERATOR_SIGNER');
export const TAX_OFFICE_SIGNER = Symbol('TAX_OFFICE_SIGNER');

export const receiptSignerProvider = (token: symbol, keyLabel: string): Provider => ({
  provide: token,
  useFactory: (provider: SigningProvider) => new ReceiptSigner(provider, keyLabel),
  inject: [SIGNING_PROVIDER],
});

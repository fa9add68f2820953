import { Inject, Injectable } from '@nestjs/common';
import { SignatureInfo } from '@tks/contracts';
import {
  DetachedContent,
  describeCertificate,
  parseCertificate,
  Pkcs11SigningProvider,
  signDetached,
  SigningProvider,
} from '@tks/crypto';
import { SIGNING_PROVIDER } from '@tks/platform';
import type { CloudSigningKey } from '@tks/certificates';

/**
 * Signs a declaration with the subscriber's own key on the operator's token and its certificate
 * (cloud signature, issue 10): detached CAdES-BES whose signer is the subscriber. SoftHSM has no
 * GOST mechanisms, so these keys are ECDSA P-256 with SHA-256 (docs/decisions/0006, 0007).
 */
@Injectable()
export class CloudSigner {
  constructor(@Inject(SIGNING_PROVIDER) private readonly provider: SigningProvider | null) {}

  async sign(
    content: DetachedContent,
    key: CloudSigningKey,
    signingTime: Date,
  ): Promise<{ signature: Buffer; info: SignatureInfo }> {
    const token = this.provider;
    if (!(token instanceof Pkcs11SigningProvider)) {
      throw new Error('cloud signatures need the PKCS#11 token, which the signer always opens');
    }
    const privateKey = await token.findSigningKey(key.keyLabel);
    const signature = await signDetached({
      content,
      certificate: key.certificateDer,
      privateKey,
      engine: token.engine,
      signingTime,
      hash: 'SHA-256',
    });
    const summary = describeCertificate(parseCertificate(key.certificateDer));
    return {
      signature,
      info: {
        algorithm: 'ECDSA P-256 with SHA-256',
        signerSubject: summary.subject,
        signerSerialNumber: summary.serialNumber,
        signingTime: signingTime.toISOString(),
      },
    };
  }
}

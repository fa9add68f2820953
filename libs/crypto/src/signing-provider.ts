import * as pkijs from 'pkijs';
import { CmsEngine } from './cms-engine';
import { SigningKey } from './signing-key';

/** A private key with the certificate that names it, ready for signDetached. */
export interface SigningIdentity {
  readonly label: string;
  readonly privateKey: SigningKey;
  readonly certificate: pkijs.Certificate;
  /** The certificate as issued, for the signing-certificate-v2 hash and for export. */
  readonly certificateDer: Uint8Array;
}

/**
 * Where signing keys live: a PKCS#11 token or software. Signing code takes the identity and the
 * provider's engine and does not know which one it has.
 */
export interface SigningProvider {
  /** The engine to pass to signDetached with this provider's keys (and usable to verify). */
  readonly engine: CmsEngine;
  /** Finds the private key and certificate stored under a label; throws KEY_NOT_FOUND etc. */
  findSigningIdentity(label: string): Promise<SigningIdentity>;
  /** Releases the provider's resources; the provider is unusable afterwards. */
  close(): Promise<void>;
}

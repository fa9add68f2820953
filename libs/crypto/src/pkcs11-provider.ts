import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import * as graphene from 'graphene-pk11';
import {
  Crypto as TokenCrypto,
  CryptoKey as TokenKey,
  Pkcs11Params,
  X509Certificate as TokenCertificate,
} from 'node-webcrypto-p11';
import { certificateFromDer } from './certificate';
import { CryptoError, TokenLoginError, TokenRefusedError } from './errors';
import { acquireModule, findTokenSlot, releaseModule } from './pkcs11-module';
import { SerialQueue } from './serial-queue';
import { SigningKey } from './signing-key';
import { SigningIdentity, SigningProvider } from './signing-provider';
import { TokenCryptoEngine } from './token-engine';
import { TokenGostSupport, tokenGostSupport } from './token-gost-mechanisms';
import { decideLogin } from './token-pin-state';
import { isVendorDefaultPin } from './vendor-default-pins';

export interface Pkcs11ProviderConfig {
  /** Path of the PKCS#11 library (PKCS11_LIBRARY), e.g. /usr/lib/softhsm/libsofthsm2.so. */
  readonly library: string;
  /** Label of the token (PKCS11_TOKEN_LABEL); the slot is looked up by it on every open. */
  readonly tokenLabel: string;
  /** User PIN, which the caller reads from PKCS11_PIN_FILE. Used for one C_Login, then dropped. */
  readonly pin: string;
  /** A read-write session is needed only to create objects (generateKeyPair). Default false. */
  readonly readWrite?: boolean;
  /**
   * Log in even with a vendor's default PIN (or one the token wants changed): only for local
   * development on throw-away tokens. Default false: such a token is refused before C_Login.
   */
  readonly allowVendorDefaultPin?: boolean;
}

export interface GenerateKeyPairOptions {
  /** Subject of the certificate request, e.g. 'CN=Operator, O=TKS, C=RU'. Defaults to CN=<label>. */
  /** A string is parsed by @peculiar/x509; values with quotes need a Name (see distinguishedName). */
  readonly subject?: string | x509.Name;
}

export interface GeneratedKeyPair {
  readonly label: string;
  /** CKA_ID of the new key pair, hex; node-webcrypto-p11 derives it from the public key. */
  readonly keyId: string;
  /** PKCS#10 request signed with the new key, for the CA. */
  readonly csrPem: string;
}

/**
 * Signing keys on a PKCS#11 token (SoftHSM in development, an HSM in production).
 *
 * One long-lived instance per token and process: it holds one logged-in session (a pool of one) and
 * runs every token operation through one queue, since a session does one operation at a time. Signing
 * throughput is thus the token's single-session rate; the CMS work around it runs in software in
 * parallel. More throughput later means more sessions, not more instances: PKCS#11 login state is per
 * application and token, shared by all sessions.
 */
export class Pkcs11SigningProvider implements SigningProvider {
  /**
   * Tokens with an open provider in this process. PKCS#11 login state belongs to the application, so
   * a second provider's C_Login would return CKR_USER_ALREADY_LOGGED_IN without checking its PIN; one
   * provider per token keeps a wrong PIN from going unnoticed.
   */
  private static readonly openTokens = new Set<string>();

  readonly engine: TokenCryptoEngine;
  private readonly queue = new SerialQueue();
  private closed = false;

  private constructor(
    private readonly library: string,
    readonly tokenLabel: string,
    /** Index of the token's slot among slots with a token, as node-webcrypto-p11 counts slots. */
    readonly slotIndex: number,
    private readonly session: graphene.Session,
    private readonly token: TokenCrypto,
    private readonly readWrite: boolean,
    /** What the token's PIN flags say that deserves an operator's attention (see decideLogin). */
    readonly pinWarnings: readonly string[],
  ) {
    this.engine = new TokenCryptoEngine(token, this.queue, session);
  }

  /**
   * Finds the token by label, reads its PIN flags, opens a session and logs in once. A token whose
   * next wrong entry would lock it (or that is locked), or a vendor default PIN outside development,
   * raises TokenRefusedError before any C_Login. A refused PIN raises TokenLoginError and is not
   * retried: each wrong attempt counts towards locking the token.
   */
  static async open(config: Pkcs11ProviderConfig): Promise<Pkcs11SigningProvider> {
    const key = tokenKey(config.library, config.tokenLabel);
    if (Pkcs11SigningProvider.openTokens.has(key)) {
      throw new CryptoError(
        'TOKEN_IN_USE',
        `Token "${config.tokenLabel}" already has an open provider in this process; share that instance`,
      );
    }
    const module = acquireModule(config.library);
    let session: graphene.Session | undefined;
    try {
      const { slot, index } = findTokenSlot(module, config.tokenLabel);
      const decision = decideLogin(slot.getToken().flags, {
        pinIsVendorDefault: isVendorDefaultPin(config.pin),
        allowVendorDefaultPin: config.allowVendorDefaultPin ?? false,
      });
      if (!decision.login) throw new TokenRefusedError(config.tokenLabel, decision.code, decision.reason);
      session = slot.open(
        graphene.SessionFlag.SERIAL_SESSION | (config.readWrite ? graphene.SessionFlag.RW_SESSION : 0),
      );
      login(session, config.tokenLabel, config.pin);
      // Handing node-webcrypto-p11 our session (rather than library + slot index + PIN) keeps login
      // and C_Finalize under our control: its own close() would finalize the library for everyone.
      const token = new TokenCrypto({ session });
      Pkcs11SigningProvider.openTokens.add(key);
      return new Pkcs11SigningProvider(
        config.library,
        config.tokenLabel,
        index,
        session,
        token,
        config.readWrite ?? false,
        decision.warnings,
      );
    } catch (error) {
      closeQuietly(session);
      releaseModule(config.library);
      throw error;
    }
  }

  /** Which GOST R 34.10-2012 mechanisms the token's module offers (SoftHSM 2.6 as Debian builds it: none). */
  gostSupport(): TokenGostSupport {
    return tokenGostSupport(this.session.slot);
  }

  /** The private key labelled `label` and its certificate: same label, or else same CKA_ID. */
  findSigningIdentity(label: string): Promise<SigningIdentity> {
    return this.run(async () => {
      const privateKey = await this.findPrivateKey(label);
      const certificate = await this.findCertificate(label, privateKey.key.id);
      const der = new Uint8Array(await this.token.certStorage.exportCert('raw', certificate));
      return {
        label,
        privateKey: asSigningKey(privateKey),
        certificate: certificateFromDer(der),
        certificateDer: der,
      };
    });
  }

  /**
   * The private key labelled `label` alone, for a certificate kept elsewhere: a subscriber's key
   * generated here, whose certificate the CA issued and the registry holds (cloud signature).
   */
  findSigningKey(label: string): Promise<SigningKey> {
    return this.run(async () => asSigningKey(await this.findPrivateKey(label)));
  }

  /**
   * Generates an ECDSA P-256 key pair on the token (sensitive, not extractable, persistent) and returns
   * a certificate request signed with it, for the registry's key issuance flow.
   */
  generateKeyPair(label: string, options: GenerateKeyPairOptions = {}): Promise<GeneratedKeyPair> {
    return this.run(async () => {
      if (!this.readWrite) {
        throw new CryptoError('TOKEN_READ_ONLY', `Token "${this.tokenLabel}" was opened without readWrite`);
      }
      if ((await this.privateKeysLabelled(label)).length > 0) {
        throw new CryptoError(
          'KEY_LABEL_TAKEN',
          `Token "${this.tokenLabel}" already has a key labelled "${label}"`,
        );
      }
      const algorithm: webcrypto.EcKeyGenParams & Pkcs11Params = {
        name: 'ECDSA',
        namedCurve: 'P-256',
        label,
        token: true,
        sensitive: true,
      };
      const keys = await this.token.subtle.generateKey(algorithm, false, ['sign', 'verify']);
      const request = await x509.Pkcs10CertificateRequestGenerator.create(
        {
          name: options.subject ?? `CN=${label}`,
          keys,
          signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
        },
        this.token,
      );
      const keyId = keys.privateKey instanceof TokenKey ? keys.privateKey.key.id.toString('hex') : '';
      return { label, keyId, csrPem: request.toString('pem') };
    });
  }

  /**
   * Destroys the key pair (private and public key objects) labelled `label`, e.g. when a certificate
   * request is abandoned. Certificates are left alone. Returns how many objects were destroyed.
   */
  deleteKeyPair(label: string): Promise<number> {
    return this.run(async () => {
      if (!this.readWrite) {
        throw new CryptoError('TOKEN_READ_ONLY', `Token "${this.tokenLabel}" was opened without readWrite`);
      }
      let destroyed = 0;
      for (const index of await this.token.keyStorage.keys()) {
        if (!index.startsWith('private-') && !index.startsWith('public-')) continue;
        const key = await this.token.keyStorage.getItem(index);
        if (key.algorithm.label !== label) continue;
        await this.token.keyStorage.removeItem(index);
        destroyed += 1;
      }
      return destroyed;
    });
  }

  /** Closes the session (which ends the login once no other session is open) and releases the library. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue.run(() => closeQuietly(this.session));
    releaseModule(this.library);
    Pkcs11SigningProvider.openTokens.delete(tokenKey(this.library, this.tokenLabel));
  }

  /** Token operations share one session, so each runs on the queue and only while open. */
  private run<T>(task: () => Promise<T>): Promise<T> {
    if (this.closed) {
      return Promise.reject(new CryptoError('TOKEN_CLOSED', `Token "${this.tokenLabel}" provider is closed`));
    }
    return this.queue.run(task);
  }

  private async findPrivateKey(label: string): Promise<TokenKey> {
    const keys = await this.privateKeysLabelled(label);
    if (keys.length === 0) {
      throw new CryptoError(
        'KEY_NOT_FOUND',
        `No private key labelled "${label}" on token "${this.tokenLabel}"`,
      );
    }
    if (keys.length > 1) {
      throw new CryptoError(
        'KEY_AMBIGUOUS',
        `${keys.length} private keys labelled "${label}" on token "${this.tokenLabel}"`,
      );
    }
    return keys[0];
  }

  private async privateKeysLabelled(label: string): Promise<TokenKey[]> {
    const found: TokenKey[] = [];
    for (const index of await this.token.keyStorage.keys()) {
      if (!index.startsWith('private-')) continue;
      const key = await this.token.keyStorage.getItem(index);
      if (key.algorithm.label === label) found.push(key);
    }
    return found;
  }

  private async findCertificate(label: string, keyId: Buffer): Promise<TokenCertificate> {
    const certificates: TokenCertificate[] = [];
    for (const index of await this.token.certStorage.keys()) {
      const item = await this.token.certStorage.getItem(index);
      if (item instanceof TokenCertificate) certificates.push(item);
    }
    const found =
      certificates.find((certificate) => certificate.label === label) ??
      certificates.find((certificate) => certificate.p11Object?.id.equals(keyId));
    if (!found) {
      throw new CryptoError(
        'CERTIFICATE_NOT_FOUND',
        `No certificate labelled "${label}" or with the key's id on token "${this.tokenLabel}"`,
      );
    }
    return found;
  }
}

/** Opens the provider for a token; see Pkcs11SigningProvider.open. */
export function openPkcs11Provider(config: Pkcs11ProviderConfig): Promise<Pkcs11SigningProvider> {
  return Pkcs11SigningProvider.open(config);
}

/**
 * node-webcrypto-p11 declares its key's algorithm on the DOM KeyAlgorithm, which a Node-only build does
 * not load, so TypeScript cannot see that it has a name; at run time it is a CryptoKey like any other.
 */
function asSigningKey(key: TokenKey): SigningKey {
  return key as unknown as SigningKey;
}

function tokenKey(library: string, tokenLabel: string): string {
  return `${library}\u0000${tokenLabel}`;
}

const CKR_NAME = /\bCKR_[A-Z_]+\b/;

function login(session: graphene.Session, tokenLabel: string, pin: string): void {
  try {
    session.login(pin, graphene.UserType.USER);
  } catch (error) {
    const code =
      error instanceof Error
        ? (CKR_NAME.exec(error.message)?.[0] ?? 'CKR_GENERAL_ERROR')
        : 'CKR_GENERAL_ERROR';
    // Only code outside this library can have logged in first (one provider per token); its login
    // is shared by our session, which is usable.
    if (code === 'CKR_USER_ALREADY_LOGGED_IN') return;
    // The original error is dropped, not chained: only its CKR name is known to be free of the PIN.
    throw new TokenLoginError(tokenLabel, code);
  }
}

function closeQuietly(session: graphene.Session | undefined): void {
  try {
    session?.close();
  } catch {
    // Closing fails only when the session or token is already gone, which is the goal anyway.
  }
}

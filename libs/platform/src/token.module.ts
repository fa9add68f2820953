import { DynamicModule, Global, Inject, Module, OnApplicationShutdown, Provider } from '@nestjs/common';
import { z } from 'zod';
import { readSecretFile } from '@tks/config';
import { SignatureInfo } from '@tks/contracts';
import {
  describeCertificate,
  Pkcs11SigningProvider,
  signDetached,
  SigningIdentity,
  SigningProvider,
} from '@tks/crypto';

/** Where the token is; the PIN comes from a file (or PKCS11_PIN), never from code or logs. */
export const tokenConfigSchema = z.object({
  PKCS11_LIBRARY: z.string().min(1).default('/usr/lib/softhsm/libsofthsm2.so'),
  PKCS11_TOKEN_LABEL: z.string().min(1),
  PKCS11_PIN_FILE: z.string().min(1).optional(),
  PKCS11_PIN: z.string().min(1).optional(),
});
export type TokenConfig = z.infer<typeof tokenConfigSchema>;

export const SIGNING_PROVIDER = Symbol('SIGNING_PROVIDER');
export const DOCUMENT_SIGNER = Symbol('DOCUMENT_SIGNER');

/** Signs a document with one key of the token: detached CAdES-BES, the key never leaves the token. */
export interface DocumentSigner {
  readonly keyLabel: string;
  /** `signingTime` lets a caller write the same instant into the document and its signature. */
  sign(content: Buffer, signingTime?: Date): Promise<{ signature: Buffer; info: SignatureInfo }>;
}

class TokenDocumentSigner implements DocumentSigner {
  private identity: Promise<SigningIdentity> | null = null;

  constructor(
    private readonly provider: SigningProvider,
    readonly keyLabel: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async sign(
    content: Buffer,
    signingTime = this.clock(),
  ): Promise<{ signature: Buffer; info: SignatureInfo }> {
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
    return {
      signature,
      info: {
        algorithm: algorithmName(identity.privateKey.algorithm),
        signerSubject: summary.subject,
        signerSerialNumber: summary.serialNumber,
        signingTime: signingTime.toISOString(),
      },
    };
  }
}

function algorithmName(algorithm: { name: string; namedCurve?: string }): string {
  return algorithm.namedCurve
    ? `${algorithm.name} ${algorithm.namedCurve} with SHA-256`
    : `${algorithm.name} with SHA-256`;
}

class ProviderCloser implements OnApplicationShutdown {
  constructor(@Inject(SIGNING_PROVIDER) private readonly provider: SigningProvider) {}
  async onApplicationShutdown(): Promise<void> {
    await this.provider.close();
  }
}

/** One long-lived provider (one login) per token for the whole service. */
@Global()
@Module({})
export class TokenModule {
  /** `readWrite` only where keys are created on the token (the signer's key generation). */
  static register(config: TokenConfig, options: { readWrite?: boolean } = {}): DynamicModule {
    return {
      module: TokenModule,
      providers: [
        {
          provide: SIGNING_PROVIDER,
          useFactory: () =>
            Pkcs11SigningProvider.open({
              library: config.PKCS11_LIBRARY,
              tokenLabel: config.PKCS11_TOKEN_LABEL,
              pin: config.PKCS11_PIN ?? readSecretFile(requirePinFile(config), 'PKCS11_PIN_FILE'),
              readWrite: options.readWrite ?? false,
            }),
        },
        ProviderCloser,
      ],
      exports: [SIGNING_PROVIDER],
    };
  }
}

function requirePinFile(config: TokenConfig): string {
  if (!config.PKCS11_PIN_FILE) throw new Error('PKCS11_PIN_FILE or PKCS11_PIN must be set');
  return config.PKCS11_PIN_FILE;
}

/** A signer for one key label; services with several keys give each its own injection token. */
export function documentSignerProvider(keyLabel: string, token: symbol = DOCUMENT_SIGNER): Provider {
  return {
    provide: token,
    useFactory: (provider: SigningProvider) => new TokenDocumentSigner(provider, keyLabel),
    inject: [SIGNING_PROVIDER],
  };
}

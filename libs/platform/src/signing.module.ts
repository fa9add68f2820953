import {
  DynamicModule,
  Global,
  Inject,
  Logger,
  Module,
  OnApplicationShutdown,
  Optional,
  Provider,
} from '@nestjs/common';
import { z } from 'zod';
import { ConfigError, readSecretFile } from '@tks/config';
import {
  CmsEngine,
  createGostEngine,
  describeTokenGostSupport,
  GostSignPool,
  isTokenPinProblem,
  loadKeyFileIdentity,
  nativeGostAvailable,
  Pkcs11SigningProvider,
  SigningIdentity,
  TokenLoginError,
  TokenRefusedError,
} from '@tks/crypto';
import { exitForConfiguration } from './configuration-exit';
import { DocumentSigner, IdentityDocumentSigner } from './document-signer';
import { describeSigningKey, SigningKeyLocation } from './signing-key-setting';

/**
 * Where the token is, and how many threads sign with GOST key files. The PIN comes from a file (or
 * PKCS11_PIN), never from code or logs.
 */
export const signingConfigSchema = z.object({
  PKCS11_LIBRARY: z.string().min(1).default('/usr/lib/softhsm/libsofthsm2.so'),
  PKCS11_TOKEN_LABEL: z.string().min(1).default('tks'),
  PKCS11_PIN_FILE: z.string().min(1).optional(),
  PKCS11_PIN: z.string().min(1).optional(),
  /** Worker threads for GOST signing with key files; default one per core but one, 1 to 4. */
  GOST_SIGNING_THREADS: z.coerce.number().int().min(1).max(16).optional(),
  /**
   * `development` (infra/env.sh sets it for the local deployment and the tests) lets a token with a
   * vendor default PIN be used, with a warning; anything else, the default included, refuses it.
   */
  TKS_PROFILE: z.enum(['development', 'production']).default('production'),
});
export type SigningConfig = z.infer<typeof signingConfigSchema>;

/** The token's provider; null in a service whose keys are all files and that needs no token. */
export const SIGNING_PROVIDER = Symbol('SIGNING_PROVIDER');
export const DOCUMENT_SIGNER = Symbol('DOCUMENT_SIGNER');
/** The GOST engine whose signing runs on the worker pool, shared by every key-file signer. */
const KEY_FILE_ENGINE = Symbol('KEY_FILE_ENGINE');
const GOST_POOL = Symbol('GOST_POOL');

const logger = new Logger('signing-keys');

/** Whether any of the keys is on the token, i.e. whether a service must open it. */
export function usesToken(...keys: readonly SigningKeyLocation[]): boolean {
  return keys.some((key) => key.backend === 'pkcs11');
}

class SigningResources implements OnApplicationShutdown {
  constructor(
    @Optional() @Inject(SIGNING_PROVIDER) private readonly token: Pkcs11SigningProvider | null,
    @Inject(GOST_POOL) private readonly pool: GostSignPool,
  ) {}
  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.token?.close(), this.pool.close()]);
  }
}

/**
 * The service's signing keys: one long-lived token provider (one login) when the service needs the
 * token, and one worker pool for GOST key files (started on first use).
 */
@Global()
@Module({})
export class SigningModule {
  /**
   * `openToken`: the signer always opens it (it generates subscribers' keys there), other services
   * when a key setting names it. `readWrite` only where keys are created on the token.
   */
  static register(
    config: SigningConfig,
    options: { openToken: boolean; readWrite?: boolean },
  ): DynamicModule {
    return {
      module: SigningModule,
      providers: [
        {
          provide: SIGNING_PROVIDER,
          useFactory: async () => (options.openToken ? openToken(config, options.readWrite ?? false) : null),
        },
        { provide: GOST_POOL, useFactory: () => new GostSignPool({ size: config.GOST_SIGNING_THREADS }) },
        {
          provide: KEY_FILE_ENGINE,
          useFactory: (pool: GostSignPool) => {
            // Native GOST is some fifty times cheaper per signature: an operator should see which runs.
            logger.log({
              message: 'GOST arithmetic',
              implementation: nativeGostAvailable()
                ? 'OpenSSL GOST engine (native)'
                : 'JavaScript: install libengine-gost-openssl (or set GOST_NATIVE_ENGINE to its gost.so) for native speed',
            });
            return createGostEngine(pool);
          },
          inject: [GOST_POOL],
        },
        SigningResources,
      ],
      exports: [SIGNING_PROVIDER, KEY_FILE_ENGINE],
    };
  }
}

async function openToken(config: SigningConfig, readWrite: boolean): Promise<Pkcs11SigningProvider> {
  let token: Pkcs11SigningProvider;
  try {
    token = await Pkcs11SigningProvider.open({
      library: config.PKCS11_LIBRARY,
      tokenLabel: config.PKCS11_TOKEN_LABEL,
      pin: config.PKCS11_PIN ?? readSecretFile(requirePinFile(config), 'PKCS11_PIN_FILE'),
      readWrite,
      allowVendorDefaultPin: config.TKS_PROFILE === 'development',
    });
  } catch (error) {
    // Stopping here, once, is the point: a service restarted into another wrong entry locks the token.
    if (isTokenPinProblem(error)) exitForConfiguration(`${error.message}. ${whatToDo(error, config)}`);
    if (error instanceof ConfigError) exitForConfiguration(error.message);
    throw error;
  }
  for (const warning of token.pinWarnings)
    logger.warn(`PKCS#11 token "${config.PKCS11_TOKEN_LABEL}": ${warning}`);
  const support = token.gostSupport();
  const message = describeTokenGostSupport(config.PKCS11_TOKEN_LABEL, support);
  if (support.offered.length === 0) logger.warn(message);
  else logger.log(message);
  return token;
}

/** The remedy of each PIN problem, naming the settings (never the PIN). */
function whatToDo(error: TokenLoginError | TokenRefusedError, config: SigningConfig): string {
  const pinSetting = config.PKCS11_PIN !== undefined ? 'PKCS11_PIN' : 'PKCS11_PIN_FILE';
  const byHand =
    'pkcs11-tool --module "$PKCS11_LIBRARY" --token-label "$PKCS11_TOKEN_LABEL" --login --list-objects';
  const locked = error instanceof TokenLoginError && error.pkcs11Code === 'CKR_PIN_LOCKED';
  switch (locked ? 'TOKEN_PIN_LOCKED' : error.code) {
    case 'TOKEN_PIN_LOCKED':
      return (
        'The security officer must unblock the user PIN (pkcs11-tool --init-pin --login --login-type so, ' +
        `or the vendor's tool); then put the new PIN in ${pinSetting} and start the service again`
      );
    case 'TOKEN_PIN_FINAL_TRY':
      return (
        `Make sure of the PIN in ${pinSetting} before anything tries it: one more wrong entry locks the token. ` +
        `A right login resets the counter: log in once by hand (${byHand}), then start the service again`
      );
    case 'TOKEN_PIN_NOT_INITIALIZED':
      return (
        "Initialise the token's user PIN (pkcs11-tool --init-pin --login --login-type so), " +
        `put it in ${pinSetting} and start the service again`
      );
    case 'TOKEN_DEFAULT_PIN':
      return (
        "Change the token's user PIN (pkcs11-tool --change-pin, or the vendor's tool) and put the new one in " +
        `${pinSetting}; a default PIN is accepted only with TKS_PROFILE=development`
      );
    default:
      return (
        `Correct the PIN in ${pinSetting} (check it by hand: ${byHand}) and start the service again. ` +
        'It is not tried again by itself: every wrong PIN counts towards locking the token'
      );
  }
}

function requirePinFile(config: SigningConfig): string {
  if (!config.PKCS11_PIN_FILE) throw new Error('PKCS11_PIN_FILE or PKCS11_PIN must be set');
  return config.PKCS11_PIN_FILE;
}

/**
 * The signer of one key setting (e.g. OPERATOR_SIGNING_KEY), loaded at start so that a wrong key,
 * certificate or password stops the service naming the setting. Services with several keys give each
 * its own injection token.
 */
export function documentSignerProvider(
  setting: string,
  key: SigningKeyLocation,
  token: symbol = DOCUMENT_SIGNER,
): Provider {
  return {
    provide: token,
    useFactory: async (provider: Pkcs11SigningProvider | null, fileEngine: CmsEngine) => {
      const name = describeSigningKey(key);
      let identity: SigningIdentity;
      let engine: CmsEngine;
      try {
        if (key.backend === 'pkcs11') {
          if (!provider) throw new Error('no token is open in this service');
          identity = await provider.findSigningIdentity(key.label);
          engine = provider.engine;
        } else {
          identity = await loadKeyFileIdentity(name, key);
          engine = fileEngine;
        }
      } catch (error) {
        throw new Error(`${setting}=${name}: ${error instanceof Error ? error.message : String(error)}`);
      }
      const signer = new IdentityDocumentSigner(name, identity, engine);
      logger.log(`${setting}: ${name} signs ${signer.algorithm} as "${signer.certificateSubject}"`);
      return signer;
    },
    inject: [SIGNING_PROVIDER, KEY_FILE_ENGINE],
  };
}

export type { DocumentSigner };

import { Inject, Injectable, Logger } from '@nestjs/common';
import { keyGenerated, KeyGenerationRequested } from '@tks/contracts';
import { CryptoError, distinguishedName, Pkcs11SigningProvider, SigningProvider } from '@tks/crypto';
import { enqueueEvent } from '@tks/messaging';
import { SIGNING_PROVIDER } from '@tks/platform';
import type { Transaction } from '../persistence/transactions.repository';
import { TokenKeysRepository } from './token-keys.repository';

/**
 * Generates a subscriber's key pair on the token and answers with its PKCS#10 request. The label
 * is derived from the request id, so a retry after a crash between generation and commit finds
 * the orphaned pair by label, deletes it and generates again: one key pair per request.
 */
@Injectable()
export class KeyGenerationService {
  private readonly logger = new Logger('KeyGeneration');

  constructor(
    @Inject(SIGNING_PROVIDER) private readonly provider: SigningProvider,
    private readonly keys: TokenKeysRepository,
  ) {}

  async generate(request: KeyGenerationRequested, manager: Transaction): Promise<void> {
    if (await this.keys.existsForRequest(manager, request.requestId)) return;
    const keyLabel = `subscriber-key-${request.requestId}`;
    const token = this.provider;
    if (!(token instanceof Pkcs11SigningProvider)) {
      return this.fail(manager, request, 'TKS-KEY-NO-TOKEN', 'keys are generated only on a PKCS#11 token');
    }
    const subject = distinguishedName([
      ['CN', request.subject.commonName],
      ...(request.subject.organization ? [['O', request.subject.organization] as const] : []),
      ['C', request.subject.country],
    ]);
    try {
      await token.deleteKeyPair(keyLabel).catch(() => undefined);
      const generated = await token.generateKeyPair(keyLabel, { subject });
      const generatedAt = new Date();
      await this.keys.insert(manager, {
        requestId: request.requestId,
        subscriberId: request.subscriberId,
        keyLabel,
        keyId: generated.keyId,
        csrPem: generated.csrPem,
        generatedAt,
      });
      await enqueueEvent(manager, keyGenerated, request.subscriberId, {
        outcome: 'generated',
        requestId: request.requestId,
        subscriberId: request.subscriberId,
        keyLabel,
        keyId: generated.keyId,
        csrPem: generated.csrPem,
        generatedAt: generatedAt.toISOString(),
      });
    } catch (error) {
      if (!(error instanceof CryptoError)) throw error;
      this.logger.warn(
        JSON.stringify({ message: 'key generation failed', requestId: request.requestId, code: error.code }),
      );
      await this.fail(manager, request, `TKS-KEY-${error.code}`, error.message);
    }
  }

  private async fail(manager: Transaction, request: KeyGenerationRequested, code: string, message: string) {
    await enqueueEvent(manager, keyGenerated, request.subscriberId, {
      outcome: 'failed',
      requestId: request.requestId,
      subscriberId: request.subscriberId,
      code,
      message,
      generatedAt: new Date().toISOString(),
    });
  }
}

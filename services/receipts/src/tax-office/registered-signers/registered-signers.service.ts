import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import * as pkijs from 'pkijs';
import type { SubscriberState } from '@tks/contracts';
import { certificateUsability, matchSubscriberIdentity, readQualifiedCertificate } from '@tks/certificates';
import type { Transaction } from '../../persistence/transactions.repository';
import type { SignerAuthority } from '../tax-office-checks';
import { RegisteredSignersRepository } from './registered-signers.repository';

/**
 * Who may sign a taxpayer's declaration, as the tax office decides it: a certificate registered
 * with the tax authority for the taxpayer named as the container's sender, usable when the
 * declaration arrived, and naming that taxpayer. Anyone else's signature — another taxpayer's,
 * the operator's — is refused with 0100100000 whatever its cryptographic validity.
 */
@Injectable()
export class RegisteredSignersService {
  constructor(private readonly signers: RegisteredSignersRepository) {}

  /** Each state replaces the subscriber's list: the topic is keyed by subscriber, so in order. */
  async apply(state: SubscriberState, manager: Transaction): Promise<void> {
    if (!state.certificates) return;
    const taxpayer = { kind: state.kind, inn: state.inn, ...(state.ogrn ? { ogrn: state.ogrn } : {}) };
    const rows = state.certificates.map((certificate) => ({
      subscriberId: state.subscriberId,
      certificateId: certificate.certificateId,
      taxpayer,
      state: certificate,
    }));
    await this.signers.replace(manager, state.subscriberId, rows);
  }

  async authorise(
    manager: Transaction,
    subscriberId: string,
    certificate: pkijs.Certificate,
    at: Date,
  ): Promise<SignerAuthority> {
    const der = new Uint8Array(certificate.toSchema(true).toBER(false));
    const certificateId = createHash('sha256').update(der).digest('hex');
    const registered = await this.signers.find(manager, subscriberId, certificateId);
    if (!registered) {
      return {
        ok: false,
        reason: `certificate ${certificateId.slice(0, 16)}… is not registered with the tax authority for ${subscriberId}`,
      };
    }
    const usability = certificateUsability(registered.state, at);
    if (!usability.usable) return { ok: false, reason: usability.reason };
    const identity = matchSubscriberIdentity(registered.taxpayer, readQualifiedCertificate(der).identity);
    return identity.ok ? { ok: true } : { ok: false, reason: identity.message };
  }
}

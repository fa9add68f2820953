import { Injectable } from '@nestjs/common';
import { OutboxRelay } from '@tks/messaging';
import { mayRead, type Principal } from '../access/principal';
import { problem } from '../http/problem';
import { KeyRequestsRepository } from '../keys/key-requests.repository';
import { Transactions } from '../persistence/transactions.repository';
import { CertificatesRepository } from '../subscribers/certificates.repository';
import { cloudKeyOf } from './cloud-key-lookup';
import { Filing } from './filing.entity';
import { FilingsRepository } from './filings.repository';
import { enqueueFilingSubmitted } from './filing-submitted-event';

export interface ConsentResult {
  filing: Filing;
  replayed: boolean;
}

/**
 * The subscriber's consent to a cloud signature of one filing (issue 10, decision 0007): given only
 * by a client key of that subscriber (the operator holds the key, so it must not also say yes for
 * the taxpayer), recorded on the filing with who and when, and only then handed to the signer, in
 * the same transaction. A filing without consent is never sent to be signed.
 */
@Injectable()
export class FilingConsentService {
  constructor(
    private readonly transactions: Transactions,
    private readonly filings: FilingsRepository,
    private readonly certificates: CertificatesRepository,
    private readonly keyRequests: KeyRequestsRepository,
    private readonly relay: OutboxRelay,
  ) {}

  async consent(principal: Principal, filingId: string): Promise<ConsentResult> {
    const result = await this.transactions.run(async (manager): Promise<ConsentResult> => {
      const filing = await this.filings.lock(manager, filingId);
      if (!filing || !mayRead(principal, filing)) throw problem(404, 'TKS-NOT-FOUND', 'No such filing');
      if (principal.role !== 'client' || !principal.subscriberIds.has(filing.subscriberId)) {
        throw problem(
          403,
          'TKS-CONSENT-FORBIDDEN',
          'Only a client key of the subscriber may consent to a cloud signature',
          'the operator holds the subscriber’s key and cannot consent in the taxpayer’s place',
        );
      }
      if (filing.signatureMode === 'cloud' && filing.consentGivenAt) return { filing, replayed: true };
      if (filing.signatureMode !== 'cloud' || filing.status !== 'submitted') {
        throw problem(
          409,
          'TKS-CONSENT-NOT-AWAITED',
          'The filing does not wait for consent to a cloud signature',
          filing.status === 'refused'
            ? 'the filing was refused'
            : 'the filing came with the taxpayer’s own signature',
        );
      }
      const now = new Date();
      const certificates = (await this.certificates.of(filing.subscriberId, manager)).map((row) => row.state);
      const cloud = await cloudKeyOf(this.keyRequests, filing.subscriberId, certificates, now, manager);
      if (!cloud.ok) {
        throw problem(422, 'TKS-SIGNATURE-REQUIRED', 'A cloud signature is not possible now', cloud.reason);
      }
      const declaration = await this.filings.declaration(manager, filingId);
      Object.assign(filing, {
        consentGivenBy: principal.name,
        consentGivenAt: now,
        consentCertificateId: cloud.key.certificateId,
      });
      await this.filings.update(manager, filingId, {
        consentGivenBy: filing.consentGivenBy,
        consentGivenAt: filing.consentGivenAt,
        consentCertificateId: filing.consentCertificateId,
      });
      await enqueueFilingSubmitted(
        manager,
        filing,
        {
          sha256: declaration.sha256,
          size: declaration.size,
          mediaType: declaration.mediaType,
          fileName: declaration.fileName,
        },
        { cloudSignatureConsent: { givenBy: principal.name, givenAt: now.toISOString() } },
      );
      return { filing, replayed: false };
    });
    if (!result.replayed) this.relay.kick();
    return result;
  }
}

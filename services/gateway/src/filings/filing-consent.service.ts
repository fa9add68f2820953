import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OutboxRelay } from '@tks/messaging';
import { mayRead, type Principal } from '../access/principal';
import { problem } from '../http/problem';
import { CertificateView } from '../subscribers/certificate-view.entity';
import { cloudKeyOf } from './cloud-key-lookup';
import { FilingDocument } from './filing-document.entity';
import { Filing } from './filing.entity';
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
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
  ) {}

  async consent(principal: Principal, filingId: string): Promise<ConsentResult> {
    const result = await this.dataSource.transaction(async (manager): Promise<ConsentResult> => {
      const filing = await manager.findOne(Filing, {
        where: { filingId },
        lock: { mode: 'pessimistic_write' },
      });
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
      const certificates = (await manager.findBy(CertificateView, { subscriberId: filing.subscriberId })).map(
        (row) => row.state,
      );
      const cloud = await cloudKeyOf(manager, filing.subscriberId, certificates, now);
      if (!cloud.ok) {
        throw problem(422, 'TKS-SIGNATURE-REQUIRED', 'A cloud signature is not possible now', cloud.reason);
      }
      const declaration = await manager.findOneByOrFail(FilingDocument, { filingId, kind: 'declaration' });
      Object.assign(filing, {
        consentGivenBy: principal.name,
        consentGivenAt: now,
        consentCertificateId: cloud.key.certificateId,
      });
      await manager.update(
        Filing,
        { filingId },
        {
          consentGivenBy: filing.consentGivenBy,
          consentGivenAt: filing.consentGivenAt,
          consentCertificateId: filing.consentCertificateId,
        },
      );
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

import { DocumentRef, filingSubmitted, FilingSubmitted } from '@tks/contracts';
import { enqueueEvent } from '@tks/messaging';
import type { Transaction } from '../persistence/transactions.repository';
import { Filing } from './filing.entity';

/**
 * Queues `filing.submitted` for the signer, from the filing as recorded: one place builds the
 * event, whether the intake sends it at once (a client signature) or the consent does (a cloud one).
 */
export async function enqueueFilingSubmitted(
  manager: Transaction,
  filing: Filing,
  declaration: DocumentRef,
  signing: Pick<FilingSubmitted, 'clientSignature' | 'cloudSignatureConsent'>,
  occurredAt?: Date,
): Promise<void> {
  await enqueueEvent(
    manager,
    filingSubmitted,
    filing.filingId,
    {
      filingId: filing.filingId,
      docflowId: filing.docflowId,
      subscriberId: filing.subscriberId,
      fileId: filing.fileId as string,
      formCode: filing.formCode as string,
      taxOfficeCode: filing.taxOfficeCode as string,
      submittedAt: filing.submittedAt.toISOString(),
      declaration,
      ...signing,
    },
    occurredAt,
  );
}

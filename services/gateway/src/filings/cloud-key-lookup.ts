import { chooseCloudKey, CloudKeyChoice } from '@tks/certificates';
import type { CertificateState } from '@tks/contracts';
import { KeyRequestsRepository } from '../keys/key-requests.repository';
import type { Transaction } from '../persistence/transactions.repository';

/**
 * Whether the subscriber can have a declaration signed in the cloud now: a key pair generated for it
 * on the operator's HSM (POST /subscribers/{id}/keys) that a usable registered certificate of it
 * certifies. The signer decides again when it signs, from its own read model.
 */
export async function cloudKeyOf(
  keys: KeyRequestsRepository,
  subscriberId: string,
  certificates: readonly CertificateState[],
  now: Date,
  tx?: Transaction,
): Promise<CloudKeyChoice> {
  const generated = await keys.generatedFor(subscriberId, tx);
  return chooseCloudKey(
    certificates,
    generated.flatMap((k) => (k.keyLabel && k.csrPem ? [{ keyLabel: k.keyLabel, csrPem: k.csrPem }] : [])),
    now,
  );
}

import type { StoredObject } from '@tks/storage';
import { problem } from '../http/problem';
import { FilingDocument } from './filing-document.entity';
import { FilingsRepository } from './filings.repository';

/**
 * The Idempotency-Key promise for an upload answered with an earlier filing of the same key: the
 * same declaration bytes and the same signature bytes (compared by their store addresses), or
 * 422 TKS-IDEMPOTENCY-KEY-REUSED. Both a retry found before the checks and a concurrent upload
 * that lost the race to record go through it.
 */
export async function assertSameUpload(
  filings: FilingsRepository,
  earlierFilingId: string,
  declaration: StoredObject | { tooLarge: number },
  signature: StoredObject | undefined,
): Promise<void> {
  const documents = await filings.documents(earlierFilingId);
  const recorded = (kind: FilingDocument['kind']) => documents.find((d) => d.kind === kind)?.sha256 ?? null;
  const sameDeclaration = recorded('declaration') === ('tooLarge' in declaration ? null : declaration.sha256);
  const sameSignature = recorded('client-signature') === (signature?.sha256 ?? null);
  if (sameDeclaration && sameSignature) return;
  throw problem(
    422,
    'TKS-IDEMPOTENCY-KEY-REUSED',
    'This Idempotency-Key was used for a different upload',
    `the key was first used for filing ${earlierFilingId} with another ` +
      `${sameDeclaration ? 'signature' : 'declaration'}; use a new key for a new upload`,
  );
}

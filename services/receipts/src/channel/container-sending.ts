import { createHash, randomUUID } from 'node:crypto';
import { ContainerPart, EventContract } from '@tks/contracts';
import { enqueueEvent } from '@tks/messaging';
import type { Transaction } from '../persistence/transactions.repository';

export interface OutgoingContainer {
  readonly docflowId: string;
  readonly fileName: string;
  readonly archive: Buffer;
  readonly sentAt?: string;
}

/**
 * Queues a container on the channel in the caller's transaction (outbox): one message when it fits
 * in `partBytes`, else consecutive parts of that size, each keyed by the docflow id so that they
 * stay in order on one partition.
 */
export async function sendContainer(
  manager: Transaction,
  contract: EventContract<ContainerPart>,
  container: OutgoingContainer,
  partBytes: number,
): Promise<void> {
  const transferId = randomUUID();
  const sha256 = createHash('sha256').update(container.archive).digest('hex');
  const parts = Math.max(1, Math.ceil(container.archive.length / partBytes));
  for (let part = 0; part < parts; part++) {
    await enqueueEvent(manager, contract, container.docflowId, {
      transferId,
      docflowId: container.docflowId,
      fileName: container.fileName,
      sha256,
      size: container.archive.length,
      part,
      parts,
      data: container.archive.subarray(part * partBytes, (part + 1) * partBytes).toString('base64'),
      ...(container.sentAt ? { sentAt: container.sentAt } : {}),
    });
  }
}

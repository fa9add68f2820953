import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { ContainerPart } from '@tks/contracts';
import type { Transaction } from '../persistence/transactions.repository';
import { TransferPartsRepository } from './transfer-parts.repository';

/**
 * Takes one message of the channel in the caller's (inbox) transaction and returns the whole
 * container once its last part is in, else undefined. A part seen twice is stored once; the parts
 * of a finished transfer are deleted with the transaction that hands the container on, so the
 * container is handled once unless its parts are all sent again (then the handler's own unique
 * records make it a no-op).
 */
@Injectable()
export class ContainerReceiver {
  constructor(private readonly parts: TransferPartsRepository) {}

  async receive(manager: Transaction, part: ContainerPart): Promise<Buffer | undefined> {
    const data = Buffer.from(part.data, 'base64');
    if (part.parts === 1) return checked(data, part);
    await this.parts.add(manager, { transferId: part.transferId, part: part.part, parts: part.parts, data });
    const held = await this.parts.count(manager, part.transferId);
    if (held < part.parts) return undefined;
    const rows = await this.parts.take(manager, part.transferId);
    return checked(Buffer.concat(rows.map((row) => row.data)), part);
  }
}

function checked(container: Buffer, part: ContainerPart): Buffer {
  const sha256 = createHash('sha256').update(container).digest('hex');
  if (container.length !== part.size || sha256 !== part.sha256) {
    throw new Error(
      `container ${part.fileName}: ${container.length} bytes, SHA-256 ${sha256} is not what was sent`,
    );
  }
  return container;
}

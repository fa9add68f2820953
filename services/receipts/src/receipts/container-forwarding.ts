import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { containerToTaxOffice, FilingSigned } from '@tks/contracts';
import { DocumentStore } from '@tks/storage';
import { sendContainer } from '../channel/container-sending';
import { Clock, CLOCK } from '../documents/clock';
import { RECEIPTS_CONFIG, ReceiptsConfig } from '../receipts.config';
import { ForwardedDocflow } from './forwarded-docflow.entity';

/**
 * The operator forwards the sealed (encrypted) container to the tax office over the channel, with
 * the sending date it fixed, once per docflow: the row and the container's messages commit with the
 * inbox entry, and a repeated filing.signed finds the row and sends nothing.
 */
@Injectable()
export class ContainerForwarding {
  constructor(
    private readonly store: DocumentStore,
    @Inject(RECEIPTS_CONFIG) private readonly config: ReceiptsConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async forward(filing: FilingSigned, manager: EntityManager): Promise<void> {
    if (!filing.container) {
      throw new Error(`filing ${filing.filingId} was signed without a transport container: nothing to send`);
    }
    if (await manager.existsBy(ForwardedDocflow, { docflowId: filing.docflowId })) return;
    const archive = await this.store.get(filing.container.sha256);
    await manager.insert(ForwardedDocflow, {
      docflowId: filing.docflowId,
      filingId: filing.filingId,
      taxOfficeCode: filing.taxOfficeCode,
      submittedAt: new Date(filing.submittedAt),
      declarationSha256: filing.declaration.sha256,
      declarationFileName: filing.declaration.fileName,
      containerSha256: filing.container.sha256,
      forwardedAt: this.clock(),
    });
    await sendContainer(
      manager,
      containerToTaxOffice,
      {
        docflowId: filing.docflowId,
        fileName: filing.container.fileName,
        archive,
        sentAt: filing.submittedAt,
      },
      this.config.CHANNEL_INLINE_MAX_BYTES,
    );
  }
}

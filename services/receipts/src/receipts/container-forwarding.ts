import { Inject, Injectable } from '@nestjs/common';
import { containerToTaxOffice, FilingSigned } from '@tks/contracts';
import { DocumentStore } from '@tks/storage';
import { sendContainer } from '../channel/container-sending';
import { Clock, CLOCK } from '../documents/clock';
import type { Transaction } from '../persistence/transactions.repository';
import { RECEIPTS_CONFIG, ReceiptsConfig } from '../receipts.config';
import { ForwardedDocflowsRepository } from './forwarded-docflows.repository';

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
    private readonly docflows: ForwardedDocflowsRepository,
  ) {}

  async forward(filing: FilingSigned, manager: Transaction): Promise<void> {
    if (!filing.container) {
      throw new Error(`filing ${filing.filingId} was signed without a transport container: nothing to send`);
    }
    if (await this.docflows.exists(manager, filing.docflowId)) return;
    const archive = await this.store.get(filing.container.sha256);
    await this.docflows.insert(manager, {
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

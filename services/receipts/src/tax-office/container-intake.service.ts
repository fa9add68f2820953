import { Inject, Injectable } from '@nestjs/common';
import { ContainerPart } from '@tks/contracts';
import { openContainer, RecipientKey } from '@tks/container';
import { DocumentStore } from '@tks/storage';
import { ContainerReceiver } from '../channel/container-receiving';
import { Clock, CLOCK } from '../documents/clock';
import type { Transaction } from '../persistence/transactions.repository';
import { TAX_OFFICE_STORE } from './answer-issuer';
import { TAX_OFFICE_RECIPIENT_KEY } from './recipient-key.provider';
import { TAX_OFFICE_CHECK_CONTEXT } from './tax-office-check-context.provider';
import { TaxOfficeAnswerService } from './tax-office-answer.service';
import { TaxOfficeCheckContext } from './tax-office-checks';

/**
 * The tax office's side of the channel: what arrives is a sealed container and nothing else. Once
 * whole, it is kept in the tax office's own store, opened and decrypted with the tax office's key;
 * the declaration and the signature it carries go to the checks and the answers. This is the place a
 * connection to the tax service's real gateway would take over: the same container would be handed
 * to it instead of to TaxOfficeAnswerService.
 */
@Injectable()
export class ContainerIntakeService {
  constructor(
    @Inject(TAX_OFFICE_STORE) private readonly store: DocumentStore,
    @Inject(TAX_OFFICE_RECIPIENT_KEY) private readonly key: RecipientKey,
    @Inject(TAX_OFFICE_CHECK_CONTEXT) private readonly checks: TaxOfficeCheckContext,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly answers: TaxOfficeAnswerService,
    private readonly channel: ContainerReceiver,
  ) {}

  async receive(part: ContainerPart, manager: Transaction): Promise<void> {
    const archive = await this.channel.receive(manager, part);
    if (!archive) return;
    const receivedAt = this.clock();
    await this.store.put(archive);
    // The checks verify the declaration's signature (at the time received, with the signer's
    // status and registration): verifying it here as well would do the costliest step twice.
    // The declaration is decompressed as it streams into the store, never held whole.
    const opened = await openContainer(archive, {
      recipientKey: this.key,
      verifySignatures: false,
      streamContent: true,
    });
    const { description } = opened;
    const declaration = opened.documents.find((d) => d.entry.typeCode === '01' && d.entry.contentFileName);
    if (description.docflowCode !== '01' || description.transactionCode !== '01' || !declaration) {
      throw new Error(`container ${part.fileName} is not a declaration (01/01) this tax office takes`);
    }
    // Content the tax office cannot decrypt is a fault of the channel, not of the filer: the
    // consumer's retries end on the dead-letter topic, where an operator sees it.
    if (!declaration.contentStream)
      throw new Error(`container ${part.fileName}: ${declaration.problem ?? 'no content'}`);
    const [signature] = declaration.signatures;
    const stored = await this.store.putStream(declaration.contentStream());
    await this.answers.answer(
      {
        docflowId: description.docflowId,
        taxOfficeCode: description.recipient.id,
        subscriberId: description.sender.id,
        operatorCode: description.operator?.id,
        declarationFileName: declaration.entry.originalFileName ?? declaration.entry.contentFileName ?? '',
        declaration: { stream: () => this.store.open(stored.sha256) },
        // No signature at all is refused by the checks (0100100000), as the tax service does.
        signature: signature?.data ?? Buffer.alloc(0),
        sentAt: part.sentAt ? new Date(part.sentAt) : receivedAt,
        receivedAt,
      },
      manager,
    );
  }
}

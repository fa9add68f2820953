import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DeclarationHeader } from '@tks/xml';
import { Clock, CLOCK } from '../documents/clock';
import type { Transaction } from '../persistence/transactions.repository';
import { buildAcceptanceReceipt } from './acceptance-receipt';
import { AnsweredFiling } from './answer-common';
import { AnsweredDocflow, AnswerIssuer } from './answer-issuer';
import { buildClarificationNotice } from './clarification-notice';
import { IssuedAnswersRepository } from './issued-answers.repository';
import { buildInputNotice } from './input-notice';
import { buildRefusalNotice } from './refusal-notice';
import { robotTaxOffice } from './robot-tax-offices';
import { TAX_OFFICE_CHECK_CONTEXT } from './tax-office-check-context.provider';
import { RegisteredSignersService } from './registered-signers/registered-signers.service';
import { runTaxOfficeChecks, TaxOfficeCheckContext } from './tax-office-checks';

const PROGRAM_VERSION = 'tks 0.1.0';

/** A declaration as the tax office took it out of its container. */
export interface ReceivedDeclaration extends AnsweredDocflow {
  /** The declaration's signature as the container carries it (the taxpayer's, or the operator's). */
  readonly signature: Buffer;
  /** The sending date the operator fixed (its sending-date confirmation). */
  readonly sentAt: Date;
  readonly receivedAt: Date;
}

/**
 * The tax office answers a received declaration: it checks it and answers with a receipt of
 * acceptance or a notice of refusal, then, after an acceptance, with an input notice (the data is
 * entered) or a clarification notice (a test tax office asks for one). Each answer is issued once: a
 * step whose answer exists is skipped, so a redelivery completes what is missing and adds nothing.
 */
@Injectable()
export class TaxOfficeAnswerService {
  constructor(
    private readonly issuer: AnswerIssuer,
    @Inject(TAX_OFFICE_CHECK_CONTEXT) private readonly checks: TaxOfficeCheckContext,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly signers: RegisteredSignersService,
    private readonly answers: IssuedAnswersRepository,
  ) {}

  async answer(received: ReceivedDeclaration, manager: Transaction): Promise<void> {
    const issued = await this.answers.kindsIssued(manager, received.docflowId);
    if (issued.has('refusal-notice') || issued.has('input-notice') || issued.has('clarification-notice'))
      return;

    const result = await runTaxOfficeChecks(
      {
        declaration: received.declaration,
        signature: received.signature,
        declarationFileName: received.declarationFileName,
        receivedAt: received.receivedAt,
        authoriseSigner: (certificate) =>
          this.signers.authorise(manager, received.subscriberId, certificate, received.receivedAt),
      },
      this.checks,
    );
    const robot = robotTaxOffice(received.taxOfficeCode);
    const refusals =
      robot?.decision === 'refuse' && result.refusals.length === 0 ? [robot.reason] : result.refusals;
    const checkResult = { signature: result.signature, refusals: [...refusals] };
    const subject = (issuedAt: Date): AnsweredFiling => ({
      // The tax office knows the docflow, not the operator's filing: its numbers derive from it.
      filingId: received.docflowId,
      receiptId: randomUUID(),
      operatorCode: received.operatorCode ?? '',
      taxOfficeCode: received.taxOfficeCode,
      declarationFileName: received.declarationFileName,
      sentAt: received.sentAt,
      receivedAt: received.receivedAt,
      issuedAt,
      programVersion: PROGRAM_VERSION,
      signerSubject: result.signature.signer,
    });

    if (refusals.length > 0 || result.header === null) {
      const answered = subject(this.clock());
      const { fileName, bytes } = buildRefusalNotice(answered, result.header, refusals);
      await this.issuer.issue(manager, received, {
        kind: 'refusal-notice',
        fileName,
        bytes,
        issuedAt: answered.issuedAt,
        checkResult,
      });
      return;
    }
    const header: DeclarationHeader = result.header;
    if (!issued.has('acceptance-receipt')) {
      const answered = subject(this.clock());
      const { fileName, bytes } = buildAcceptanceReceipt(answered, header);
      await this.issuer.issue(manager, received, {
        kind: 'acceptance-receipt',
        fileName,
        bytes,
        issuedAt: answered.issuedAt,
        checkResult,
      });
    }
    // The data is entered at once: the input notice (or, where a test tax office asks for
    // one, the clarification notice) follows the receipt of acceptance.
    const answered = subject(this.clock());
    if (robot?.decision === 'clarify') {
      const { fileName, bytes } = buildClarificationNotice(answered, header, robot.summary, robot.errors);
      await this.issuer.issue(manager, received, {
        kind: 'clarification-notice',
        fileName,
        bytes,
        issuedAt: answered.issuedAt,
      });
    } else {
      const { fileName, bytes } = buildInputNotice(answered, header);
      await this.issuer.issue(manager, received, {
        kind: 'input-notice',
        fileName,
        bytes,
        issuedAt: answered.issuedAt,
      });
    }
  }
}

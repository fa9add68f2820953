import { sealContainer, SealedContainer, SealedDocument } from '@tks/container';
import { ANSWER_PLACES, AnswerKind } from '../documents/answer-places';
import { TAX_OFFICE_SOFTWARE } from './answer-common';

export interface AnswerContainerInput {
  readonly kind: AnswerKind;
  readonly taxOfficeCode: string;
  readonly subscriberId: string;
  readonly operatorCode?: string;
  readonly docflowId: string;
  readonly answer: { readonly fileName: string; readonly bytes: Buffer; readonly signature: Buffer };
  /** The declaration echoed with only the tax office's signature of it (result of acceptance). */
  readonly declarationEcho?: { readonly fileName: string; readonly signature: Buffer };
}

/**
 * The tax office's answer container, from the tax office to the subscriber through the operator.
 * Not encrypted: the operator records, shows and forwards the answer, and holds no key of the
 * subscriber's that could decrypt it (docs/decisions/0008-tax-office-channel.md).
 */
export function sealAnswerContainer(input: AnswerContainerInput): Promise<SealedContainer> {
  const place = ANSWER_PLACES[input.kind];
  const documents: SealedDocument[] = [
    {
      typeCode: place.documentType,
      fileName: input.answer.fileName,
      content: input.answer.bytes,
      signatures: [{ data: input.answer.signature, role: 'налоговыйОрган' }],
    },
  ];
  if (input.declarationEcho) {
    documents.push({
      typeCode: '01',
      fileName: input.declarationEcho.fileName,
      signatures: [{ data: input.declarationEcho.signature, role: 'налоговыйОрган' }],
    });
  }
  return sealContainer({
    senderId: input.taxOfficeCode,
    recipientId: input.subscriberId,
    operatorId: input.operatorCode,
    docflowId: input.docflowId,
    docflowCode: '01',
    transactionCode: place.transaction,
    programVersion: TAX_OFFICE_SOFTWARE.slice(0, 40),
    documents,
  });
}

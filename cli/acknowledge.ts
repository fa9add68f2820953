import { decodeDeclaration, readDeclarationHeader } from '@tks/xml';
import {
  buildReceiptNotice,
  isAcknowledgeable,
  ReceiptNoticeParty,
  taxpayerParty,
} from '@tks/receipt-notice';
import { FilingBody, GatewayClient, GatewayError } from './gateway-client';
import { FileSigner } from './software-signature';

/** `ВерсПрог` of the notices this command writes. */
export const ACK_PROGRAM_VERSION = 'tks ack 1.0';

type FilingDocumentBody = FilingBody['documents'][number];

/** The tax office's answers of a filing that have no receipt notice yet, in the order they came. */
export function unacknowledgedAnswers(filing: FilingBody): FilingDocumentBody[] {
  const confirmed = new Set(filing.receiptNotices.map((n) => n.acknowledges.kind));
  return filing.documents.filter((d) => isAcknowledgeable(d.kind) && !confirmed.has(d.kind));
}

export interface Acknowledgement {
  readonly kind: string;
  readonly answer: string;
  readonly notice: string;
  /** `sent` (taken in), `forwarded`, or `refused` with the gateway's problem. */
  readonly status: 'sent' | 'forwarded' | 'refused';
  readonly problem?: { code: string; title: string; detail?: string };
}

/**
 * Builds, signs and sends a receipt notice (IZ) for every answer of the tax office not yet
 * confirmed. The confirming party is the declaration's taxpayer (`СвНП`), addressed by the
 * subscriber id; the sender of each answer is the filing's tax office. A refusal of one notice
 * does not stop the others.
 */
export async function acknowledgeAnswers(
  client: GatewayClient,
  filing: FilingBody,
  signer: FileSigner,
  receivedAt = new Date(),
): Promise<Acknowledgement[]> {
  const pending = unacknowledgedAnswers(filing);
  if (pending.length === 0) return [];
  const confirmer = await subscriberOf(client, filing);
  const taxOffice: ReceiptNoticeParty = {
    kind: 'tax-office',
    code: filing.taxOfficeCode,
    address: filing.taxOfficeCode,
  };
  const results: Acknowledgement[] = [];
  for (const answer of pending) {
    const notice = buildReceiptNotice({
      receivedFileName: answer.fileName,
      receivedAt,
      confirmer,
      sender: taxOffice,
      programVersion: ACK_PROGRAM_VERSION,
    });
    const signature = await signer.sign(notice.bytes);
    try {
      const sent = await client.sendReceiptNotice(filing.filingId, notice.bytes, signature);
      results.push({
        kind: answer.kind,
        answer: answer.fileName,
        notice: sent.fileName,
        status: sent.status,
      });
    } catch (error) {
      if (!(error instanceof GatewayError)) throw error;
      const { code, title, detail } = error.problem;
      results.push({
        kind: answer.kind,
        answer: answer.fileName,
        notice: notice.fileName,
        status: 'refused',
        problem: { code, title, ...(detail ? { detail } : {}) },
      });
    }
  }
  return results;
}

/** The declaration's taxpayer: what the subscriber filed as, readable with a client's own key. */
async function subscriberOf(client: GatewayClient, filing: FilingBody): Promise<ReceiptNoticeParty> {
  const declaration = filing.documents.find((d) => d.kind === 'declaration');
  if (!declaration) throw new Error(`filing ${filing.filingId} holds no declaration`);
  const decoded = decodeDeclaration(await client.download(declaration.href));
  const header = decoded.ok ? readDeclarationHeader(decoded.value.text) : decoded;
  if (!header.ok) throw new Error(`the declaration cannot be read: ${header.error.message}`);
  return taxpayerParty(header.value.taxpayer, filing.subscriberId);
}

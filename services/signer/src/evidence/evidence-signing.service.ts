import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { evidenceStatementSchema, evidenceStatementSigned, EvidenceStatementRequested } from '@tks/contracts';
import { enqueueEvent } from '@tks/messaging';
import { DOCUMENT_SIGNER, DocumentSigner } from '@tks/platform';
import type { Transaction } from '../persistence/transactions.repository';

/**
 * Signs the gateway's evidence statements with the operator's key (issue 14). The key signs only
 * what parses as an evidence statement and matches its announced hash: the gateway may ask for a
 * statement, never for the operator's signature of arbitrary bytes. The answer goes back with the
 * inbox entry; a repeated request is answered by the inbox as a duplicate and the gateway keeps the
 * first signature it gets.
 */
@Injectable()
export class EvidenceSigningService {
  private readonly logger = new Logger('EvidenceSigning');

  constructor(@Inject(DOCUMENT_SIGNER) private readonly signer: DocumentSigner) {}

  async sign(request: EvidenceStatementRequested, manager: Transaction): Promise<void> {
    const bytes = Buffer.from(request.statement, 'utf8');
    const refusal = refusalOf(request, bytes);
    if (refusal) {
      this.logger.warn(
        JSON.stringify({
          message: 'evidence statement refused',
          filingId: request.filingId,
          code: refusal.code,
        }),
      );
      await enqueueEvent(manager, evidenceStatementSigned, request.filingId, {
        outcome: 'refused',
        filingId: request.filingId,
        statementSha256: request.statementSha256,
        ...refusal,
        refusedAt: new Date().toISOString(),
      });
      return;
    }
    const { signature, info } = await this.signer.sign(bytes);
    await enqueueEvent(manager, evidenceStatementSigned, request.filingId, {
      outcome: 'signed',
      filingId: request.filingId,
      statementSha256: request.statementSha256,
      signature: signature.toString('base64'),
      signatureInfo: info,
    });
  }
}

/** Why a request is not a statement the operator signs, or undefined when it is. */
export function refusalOf(
  request: EvidenceStatementRequested,
  bytes: Buffer,
): { code: string; message: string } | undefined {
  if (createHash('sha256').update(bytes).digest('hex') !== request.statementSha256) {
    return { code: 'TKS-EVIDENCE-HASH', message: 'the statement does not match its SHA-256' };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(request.statement);
  } catch {
    return { code: 'TKS-EVIDENCE-FORMAT', message: 'the statement is not JSON' };
  }
  const statement = evidenceStatementSchema.safeParse(parsed);
  if (!statement.success) {
    return {
      code: 'TKS-EVIDENCE-FORMAT',
      message: `not an evidence statement: ${statement.error.issues[0]?.message ?? ''}`,
    };
  }
  if (statement.data.filing.filingId !== request.filingId) {
    return { code: 'TKS-EVIDENCE-FORMAT', message: 'the statement is about another filing' };
  }
  return undefined;
}

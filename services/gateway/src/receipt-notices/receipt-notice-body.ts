import { z } from 'zod';
import { problem } from '../http/problem';

const base64 = z
  .string()
  .min(1)
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64 (RFC 4648 §4, no line breaks)');

/**
 * The body of POST /filings/{filingId}/receipt-notices: JSON with the IZ file's bytes and the
 * subscriber's detached CMS signature of exactly those bytes, both base64. A notice is a few
 * hundred bytes and its signature a few kilobytes, well within the JSON body limit.
 */
export const receiptNoticeBodySchema = z.object({
  notice: base64,
  signature: base64,
});

export function parseReceiptNoticeBody(body: unknown): { notice: Buffer; signature: Buffer } {
  const parsed = receiptNoticeBodySchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw problem(
      400,
      'TKS-REQUEST-INVALID',
      'Send {"notice": base64, "signature": base64} as application/json',
      `${issue?.path.join('.') || 'body'}: ${issue?.message}`,
    );
  }
  return {
    notice: Buffer.from(parsed.data.notice, 'base64'),
    signature: Buffer.from(parsed.data.signature, 'base64'),
  };
}

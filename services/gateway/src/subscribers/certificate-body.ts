import { Request } from 'express';
import { CertificateError, readQualifiedCertificate } from '@tks/certificates';
import { problem } from '../http/problem';

/** A certificate is a few kilobytes; anything far larger is not one. */
const MAX_CERTIFICATE_BYTES = 64 * 1024;

/**
 * The certificate of a bind or reissue request: the raw body (DER as application/pkix-cert or
 * application/octet-stream, PEM as application/x-pem-file or text/plain), or JSON
 * `{"certificate": "<PEM>"}`. It is parsed here only to refuse garbage early; the registry decides.
 */
export async function readCertificateBody(request: Request): Promise<Uint8Array> {
  const raw = request.is('application/json')
    ? jsonCertificate(request.body as unknown)
    : await readRaw(request);
  try {
    return readQualifiedCertificate(raw).der;
  } catch (error) {
    if (error instanceof CertificateError) throw problem(422, error.code, 'Not a certificate', error.message);
    throw error;
  }
}

function jsonCertificate(body: unknown): string {
  const certificate = (body as { certificate?: unknown } | null)?.certificate;
  if (typeof certificate !== 'string' || certificate.length === 0) {
    throw problem(
      400,
      'TKS-REQUEST-INVALID',
      'Invalid certificate request',
      'JSON body needs "certificate" (PEM)',
    );
  }
  return certificate;
}

async function readRaw(request: Request): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_CERTIFICATE_BYTES) {
      throw problem(413, 'TKS-TOO-LARGE', 'Certificate too large', `at most ${MAX_CERTIFICATE_BYTES} bytes`);
    }
    chunks.push(chunk);
  }
  if (size === 0)
    throw problem(400, 'TKS-REQUEST-INVALID', 'Empty body', 'send the certificate as DER or PEM');
  return new Uint8Array(Buffer.concat(chunks));
}

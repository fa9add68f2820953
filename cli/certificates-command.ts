import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import {
  CertificateBody,
  CertificateRequestBody,
  CertificatesClient,
  WarningBody,
} from './certificates-client';

export const certificatesUsage = `  tks subscribers certificates list SUBSCRIBER_ID [--history] [--json]
  tks subscribers certificates bind|reissue SUBSCRIBER_ID CERTIFICATE_FILE (DER or PEM) [--wait] [--json]
  tks subscribers certificates revoke SUBSCRIBER_ID CERTIFICATE_ID [--reason TEXT] [--wait] [--json]
  tks subscribers certificates unbind SUBSCRIBER_ID CERTIFICATE_ID [--wait] [--json]
  tks subscribers certificates warnings SUBSCRIBER_ID [--json]`;

/** `tks subscribers certificates …`: the certificate API of the gateway (issue 3). */
export async function runCertificatesCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      gateway: { type: 'string' },
      json: { type: 'boolean', default: false },
      wait: { type: 'boolean', default: false },
      history: { type: 'boolean', default: false },
      reason: { type: 'string' },
      'api-key': { type: 'string' },
      'timeout-seconds': { type: 'string', default: '120' },
    },
  });
  const [command, subscriberId, argument] = positionals;
  const client = new CertificatesClient(
    values.gateway ?? process.env.TKS_GATEWAY_URL ?? 'http://127.0.0.1:3000',
    values['api-key'] ?? process.env.TKS_API_KEY,
  );
  const out = (value: unknown, text: () => string) =>
    process.stdout.write((values.json ? JSON.stringify(value, null, 2) : text()) + '\n');
  const usage = () => {
    process.stderr.write(`usage:\n${certificatesUsage}\n`);
    return 2;
  };
  if (!command || !subscriberId) return usage();

  const decide = async (request: Promise<CertificateRequestBody>) => {
    let decision = await request;
    if (values.wait)
      decision = await client.waitForDecision(decision.requestId, Number(values['timeout-seconds']) * 1000);
    out(decision, () => printRequest(decision));
    return decision.status === 'rejected' ? 1 : 0;
  };

  switch (command) {
    case 'list': {
      const list = await client.list(subscriberId, values.history);
      out(list, () => list.map(printCertificate).join('\n\n') || 'no certificates');
      return 0;
    }
    case 'warnings': {
      const warnings = await client.warnings(subscriberId);
      out(warnings, () => warnings.map(printWarning).join('\n') || 'no warnings');
      return 0;
    }
    case 'bind':
    case 'reissue': {
      if (!argument) return usage();
      const bytes = await readFile(argument);
      const body = bytes.includes('-----BEGIN') ? bytes.toString('latin1') : new Uint8Array(bytes);
      return decide(client.bind(subscriberId, body, command === 'reissue'));
    }
    case 'revoke':
      if (!argument) return usage();
      return decide(client.revoke(subscriberId, argument, values.reason));
    case 'unbind':
      if (!argument) return usage();
      return decide(client.unbind(subscriberId, argument));
    default:
      return usage();
  }
}

function printRequest(r: CertificateRequestBody): string {
  const lines = [`request      ${r.requestId}`, `action       ${r.action}`, `status       ${r.status}`];
  if (r.certificateId) lines.push(`certificate  ${r.certificateId}`);
  if (r.reason) lines.push(`reason       ${r.reason.code}: ${r.reason.message}`);
  return lines.join('\n');
}

function printCertificate(c: CertificateBody): string {
  return [
    `certificate  ${c.certificateId}`,
    `subject      ${c.subject}`,
    `valid        ${c.notBefore} … ${c.notAfter}`,
    `lifecycle    ${c.lifecycle}${c.usable ? ' (usable)' : ''}${c.usableUntil ? ` until ${c.usableUntil}` : ''}`,
    `status       ${c.status}${c.statusDetail ? ` — ${c.statusDetail}` : ''}`,
    `tax office   ${c.taxAuthority.status}${c.taxAuthority.durationMs !== undefined ? ` in ${c.taxAuthority.durationMs} ms` : ''}`,
  ].join('\n');
}

function printWarning(w: WarningBody): string {
  return `${w.warnedAt}  ${w.certificateId}  ${w.daysLeft} days left (threshold ${w.thresholdDays}), ends ${w.notAfter}`;
}

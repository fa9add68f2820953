import { parseArgs } from 'node:util';
import { acknowledgeAnswers, Acknowledgement } from './acknowledge';
import { GatewayClient } from './gateway-client';
import { poll } from './poll';
import { fileSigner } from './software-signature';

export const ackUsage = `  tks ack FILING_ID --key KEY.pem --cert CERT.pem [--wait] [--timeout-seconds N] [--api-key KEY] [--json]
      sends the subscriber's receipt notice (извещение о получении, IZ_ files) of every answer of the
      tax office not yet confirmed, each signed with KEY/CERT (GOST R 34.10-2012, ECDSA or RSA; the
      certificate must be one of the subscriber's registered ones); --wait: until the operator has
      forwarded them all. Exit 0: every answer confirmed (or nothing to do), 1: a notice was refused
      or the wait timed out, 2: wrong usage`;

/** Exit codes as the usage says. */
export async function runAckCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      key: { type: 'string' },
      cert: { type: 'string' },
      wait: { type: 'boolean', default: false },
      'timeout-seconds': { type: 'string', default: '120' },
      gateway: { type: 'string' },
      'api-key': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const [filingId] = positionals;
  if (!filingId || !values.key || !values.cert) {
    process.stderr.write(`ack needs FILING_ID, --key and --cert\n\n${ackUsage}\n`);
    return 2;
  }
  const client = new GatewayClient(
    values.gateway ?? process.env.TKS_GATEWAY_URL ?? 'http://127.0.0.1:3000',
    values['api-key'] ?? process.env.TKS_API_KEY,
  );
  const signer = await fileSigner(values.key, values.cert);
  let filing = await client.filing(filingId);
  const acknowledged = await acknowledgeAnswers(client, filing, signer);
  const refused = acknowledged.some((a) => a.status === 'refused');
  if (values.wait && !refused) {
    filing = await poll(
      () => client.filing(filingId),
      (f) => f.receiptNotices.every((n) => n.status === 'forwarded'),
      Number(values['timeout-seconds']) * 1000,
      `the receipt notices of filing ${filingId} to be forwarded`,
    );
  } else {
    filing = await client.filing(filingId);
  }
  if (values.json) {
    process.stdout.write(
      JSON.stringify(
        { filingId, progress: filing.progress, outcome: filing.outcome, acknowledged },
        null,
        2,
      ) + '\n',
    );
  } else {
    for (const a of acknowledged) process.stdout.write(line(a) + '\n');
    if (acknowledged.length === 0) process.stdout.write('nothing to acknowledge\n');
    process.stdout.write(`progress ${filing.progress}   outcome ${filing.outcome ?? '—'}\n`);
  }
  return refused ? 1 : 0;
}

function line(a: Acknowledgement): string {
  const head = `${a.status.padEnd(9)} ${a.kind.padEnd(22)} ${a.notice}`;
  return a.problem
    ? `${head}  (${a.problem.code}: ${a.problem.title}${a.problem.detail ? ` — ${a.problem.detail}` : ''})`
    : head;
}

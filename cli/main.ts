import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { GatewayClient, GatewayError } from './gateway-client';
import { printFiling, printRegistration } from './output';
import { runVerifyCommand, verifyUsage } from './verify-command';
import { checkUsage, runCheckCommand } from './check-command';
import { containerUsage, runContainerCommand } from './container-command';
import { receiptsUsage, runReceiptsCommand } from './receipts-command';
import { evidenceUsage, runEvidenceCommand } from './evidence-command';
import { certificatesUsage, runCertificatesCommand } from './certificates-command';
import { ackUsage, runAckCommand } from './ack-command';
import { runSubmitBatchCommand, submitBatchUsage } from './submit-batch-command';
import { runWatchCommand, watchUsage } from './watch-command';
import { isBatchSubmit } from './batch-submit';
import { deadLettersUsage, runDeadLettersCommand } from './dead-letters-command';

const usage = `tks — client of the tks gateway

  tks submit FILE --subscriber ID [--signature FILE.sig] [--wait] [--idempotency-key KEY] [--json]
      --signature: the taxpayer's detached CMS signature of FILE (without it, the subscriber's key must be
      on the operator's HSM and the filing waits for \`tks consent\`)
  tks consent FILING_ID [--wait] [--json]   (a client key of the subscriber: sign it with its HSM key)
  tks status FILING_ID [--json]
  tks subscribers register --kind company|entrepreneur|person --name NAME --inn INN [--kpp KPP] [--ogrn OGRN] [--wait] [--json]
${submitBatchUsage}
${watchUsage}
${verifyUsage}
${checkUsage}
${containerUsage}
${receiptsUsage}
${evidenceUsage}
${ackUsage}
${certificatesUsage}
${deadLettersUsage}

Gateway address: --gateway URL or TKS_GATEWAY_URL (default http://127.0.0.1:3000).
API key: --api-key KEY or TKS_API_KEY (sent as Authorization: Bearer).`;

async function main(argv: string[]): Promise<number> {
  // Offline commands take their own options and never talk to the gateway.
  if (argv[0] === 'verify') return runVerifyCommand(argv.slice(1));
  if (argv[0] === 'check') return runCheckCommand(argv.slice(1));
  if (argv[0] === 'container') return runContainerCommand(argv.slice(1));
  if (argv[0] === 'receipts') return runReceiptsCommand(argv.slice(1));
  if (argv[0] === 'evidence') return runEvidenceCommand(argv.slice(1));
  if (argv[0] === 'ack') return runAckCommand(argv.slice(1));
  if (argv[0] === 'watch') return runWatchCommand(argv.slice(1));
  // An operator's tool on the broker itself, not the gateway.
  if (argv[0] === 'admin' && argv[1] === 'dead-letters') return runDeadLettersCommand(argv.slice(2));
  if (argv[0] === 'submit' && (await isBatchSubmit(argv.slice(1))))
    return runSubmitBatchCommand(argv.slice(1));
  if (argv[0] === 'subscribers' && argv[1] === 'certificates') return runCertificatesCommand(argv.slice(2));
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      subscriber: { type: 'string' },
      wait: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      gateway: { type: 'string' },
      'api-key': { type: 'string' },
      'idempotency-key': { type: 'string' },
      signature: { type: 'string' },
      'timeout-seconds': { type: 'string', default: '120' },
      kind: { type: 'string' },
      name: { type: 'string' },
      inn: { type: 'string' },
      kpp: { type: 'string' },
      ogrn: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(usage + '\n');
    return command || values.help ? 0 : 2;
  }
  const client = new GatewayClient(
    values.gateway ?? process.env.TKS_GATEWAY_URL ?? 'http://127.0.0.1:3000',
    values['api-key'] ?? process.env.TKS_API_KEY,
  );
  const timeoutMs = Number(values['timeout-seconds']) * 1000;
  const out = (text: string) => process.stdout.write(text + '\n');

  switch (command) {
    case 'submit': {
      const [file] = rest;
      if (!file || !values.subscriber) throw new UsageError('submit needs FILE and --subscriber ID');
      let filing = await client.submit(await readFile(file), {
        subscriberId: values.subscriber,
        fileName: basename(file),
        idempotencyKey: values['idempotency-key'],
        signature: values.signature ? await readFile(values.signature) : undefined,
      });
      // --wait: until the tax office's answer (accepted or rejected), or a refusal; a filing waiting
      // for the subscriber's consent would wait for ever, so it is printed at once.
      if (values.wait && filing.signing?.state !== 'awaiting-consent')
        filing = await client.waitForFiling(filing.filingId, 'accepted', timeoutMs);
      out(values.json ? JSON.stringify(filing, null, 2) : printFiling(filing));
      return 0;
    }
    case 'consent': {
      const [filingId] = rest;
      if (!filingId) throw new UsageError('consent needs FILING_ID');
      let filing = await client.consent(filingId);
      if (values.wait) filing = await client.waitForFiling(filing.filingId, 'accepted', timeoutMs);
      out(values.json ? JSON.stringify(filing, null, 2) : printFiling(filing));
      return 0;
    }
    case 'status': {
      const [filingId] = rest;
      if (!filingId) throw new UsageError('status needs FILING_ID');
      const filing = await client.filing(filingId);
      out(values.json ? JSON.stringify(filing, null, 2) : printFiling(filing));
      return 0;
    }
    case 'subscribers': {
      if (rest[0] !== 'register') throw new UsageError('unknown subscribers command');
      if (!values.kind || !values.name || !values.inn)
        throw new UsageError('register needs --kind, --name and --inn');
      let registration = await client.registerSubscriber({
        kind: values.kind,
        name: values.name,
        inn: values.inn,
        kpp: values.kpp,
        ogrn: values.ogrn,
      });
      if (values.wait)
        registration = await client.waitForRegistration(registration.registrationId, timeoutMs);
      out(values.json ? JSON.stringify(registration, null, 2) : printRegistration(registration));
      return registration.status === 'rejected' ? 1 : 0;
    }
    default:
      throw new UsageError(`unknown command: ${command}`);
  }
}

class UsageError extends Error {}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n\n${usage}\n`);
      process.exit(2);
    }
    if (error instanceof GatewayError) {
      process.stderr.write(
        `error ${error.problem.code}: ${error.problem.title}${error.problem.detail ? ` — ${error.problem.detail}` : ''}\n`,
      );
      process.exit(1);
    }
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);

import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { FilingBody, GatewayError } from './gateway-client';

/** What a batch needs of the gateway: the CLI passes its GatewayClient, tests may pass a fake. */
export interface BatchGateway {
  submit(
    declaration: Buffer,
    options: { subscriberId: string; fileName: string; idempotencyKey: string; signature?: Buffer },
  ): Promise<FilingBody>;
  filing(filingId: string): Promise<FilingBody>;
}

/** How one declaration of a batch ended. Only `accepted` counts as success. */
export type BatchOutcome =
  | 'accepted'
  | 'clarification-requested'
  | 'rejected'
  | 'refused'
  | 'awaiting-consent'
  | 'timed-out'
  | 'failed';

export interface BatchResult {
  file: string;
  outcome: BatchOutcome;
  filingId: string | null;
  fileId: string | null;
  progress: string | null;
  /** The refusal's or the error's code and message, when there is one. */
  reason: string | null;
}

/**
 * The declarations named on the command line: each FILE as given, each DIR's `*.xml` in name
 * order. A taxpayer's detached signature is taken from `<file>.sig` beside it when present.
 */
export async function declarationFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    if ((await stat(path)).isDirectory()) {
      const names = (await readdir(path)).filter((n) => n.toLowerCase().endsWith('.xml')).sort();
      files.push(...names.map((n) => join(path, n)));
    } else files.push(path);
  }
  return [...new Set(files)];
}

/**
 * Submits each file and waits for the tax office's decision, at most `concurrency` at a time.
 * Re-running a batch is safe: the gateway answers a declaration whose ИдФайл it already has
 * with the existing filing (the idempotency key is the file name, which is the ИдФайл), so a
 * second run only reports.
 */
export async function submitBatch(
  gateway: BatchGateway,
  files: readonly string[],
  options: {
    subscriberId: string;
    concurrency: number;
    timeoutMs: number;
    pollMs?: number;
    onDone?: (result: BatchResult) => void;
  },
): Promise<BatchResult[]> {
  const results: BatchResult[] = new Array<BatchResult>(files.length);
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const index = next++;
      results[index] = await submitOne(gateway, files[index], options);
      options.onDone?.(results[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, files.length)) }, worker));
  return results;
}

async function submitOne(
  gateway: BatchGateway,
  file: string,
  options: { subscriberId: string; timeoutMs: number; pollMs?: number },
): Promise<BatchResult> {
  const result: BatchResult = {
    file,
    outcome: 'failed',
    filingId: null,
    fileId: null,
    progress: null,
    reason: null,
  };
  try {
    const fileName = basename(file);
    let filing = await gateway.submit(await readFile(file), {
      subscriberId: options.subscriberId,
      fileName,
      idempotencyKey: fileName,
      signature: await readFile(`${file}.sig`).catch(() => undefined),
    });
    const deadline = Date.now() + options.timeoutMs;
    while (!decided(filing) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 500));
      filing = await gateway.filing(filing.filingId);
    }
    return describe(file, filing, decided(filing));
  } catch (error) {
    if (error instanceof GatewayError) {
      const refused = (error.problem as { filingId?: string }).filingId;
      return {
        ...result,
        outcome: refused ? 'refused' : 'failed',
        filingId: refused ?? null,
        reason: `${error.problem.code}: ${error.problem.detail ?? error.problem.title}`,
      };
    }
    return { ...result, reason: error instanceof Error ? error.message : String(error) };
  }
}

/** The tax office has decided, the filing was refused, or it waits for a consent nobody gives here. */
function decided(filing: FilingBody): boolean {
  return (
    filing.outcome !== null || filing.status === 'refused' || filing.signing?.state === 'awaiting-consent'
  );
}

function describe(file: string, filing: FilingBody, isDecided: boolean): BatchResult {
  const outcome: BatchOutcome = !isDecided
    ? 'timed-out'
    : filing.signing?.state === 'awaiting-consent' && filing.outcome === null
      ? 'awaiting-consent'
      : filing.status === 'refused'
        ? 'refused'
        : ((filing.outcome ?? 'failed') as BatchOutcome);
  const refusal = (filing as { refusal?: { code: string; message: string } }).refusal;
  return {
    file,
    outcome,
    filingId: filing.filingId,
    fileId: filing.fileId,
    progress: filing.progress,
    reason: refusal ? `${refusal.code}: ${refusal.message}` : null,
  };
}

/** `tks submit` with more than one path, a directory, or --concurrency is a batch. */
export async function isBatchSubmit(argv: readonly string[]): Promise<boolean> {
  if (argv.some((a) => a === '--concurrency' || a.startsWith('--concurrency='))) return true;
  const valued = new Set([
    '--subscriber',
    '--gateway',
    '--api-key',
    '--idempotency-key',
    '--signature',
    '--timeout-seconds',
  ]);
  const paths = argv.filter((a, i) => !a.startsWith('-') && !valued.has(argv[i - 1] ?? ''));
  if (paths.length > 1) return true;
  return (
    paths.length === 1 &&
    (await stat(paths[0]).then(
      (s) => s.isDirectory(),
      () => false,
    ))
  );
}

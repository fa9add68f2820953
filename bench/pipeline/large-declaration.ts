import { execFile } from 'node:child_process';
import { openAsBlob } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { requestJson } from '../../cli/gateway-client';
import { writeLargeUsnDeclaration } from '../gateway-bench-support';
import { FeedFollower } from './feed-follower';
import { peakRssOf } from './process-usage';
import { ServiceWatchResult, watchServices } from './service-watch';
import { startBenchStack } from './stack';

const run = promisify(execFile);

export interface LargeDeclarationResult {
  megabytes: number;
  uploadSeconds: number | null;
  outcome: string | null;
  /** Upload sent → outcome recorded, or null when none came within the time allowed. */
  endToEndSeconds: number | null;
  error: string | null;
  /** Peak RSS per service instance (VmHWM), bytes. */
  peakRssBytes: Record<string, number>;
  /** Per service instance, from the upload to the outcome: longest event-loop stall, group joins. */
  watch: Record<string, ServiceWatchResult>;
}

/**
 * One declaration of `megabytes` through all four services: signed by the taxpayer with OpenSSL's
 * GOST engine, uploaded as multipart from a file, and followed to its outcome; each service's peak
 * RSS is read from /proc at the end, whether or not the filing got through.
 */
export async function runLargeDeclaration(
  megabytes: number,
  timeoutSeconds: number,
): Promise<LargeDeclarationResult> {
  const limit = String(Math.max(512, megabytes * 2) * 1024 * 1024);
  // The gateway answers once the whole body is checked; on a busy machine that can take longer than
  // its idle timeout (120 s), which would close the upload's connection with no answer.
  const stack = await startBenchStack({
    instances: 1,
    env: { MAX_DECLARATION_BYTES: limit, HTTP_IDLE_TIMEOUT_MS: String(30 * 60 * 1000) },
  });
  const dir = await mkdtemp(join(tmpdir(), 'tks-bench-large-'));
  const feed = new FeedFollower(stack.gatewayUrl, stack.operatorKey);
  const result: LargeDeclarationResult = {
    megabytes,
    uploadSeconds: null,
    outcome: null,
    endToEndSeconds: null,
    error: null,
    peakRssBytes: {},
    watch: {},
  };
  let watch: Awaited<ReturnType<typeof watchServices>> | null = null;
  try {
    await feed.start();
    const file = join(dir, 'declaration.xml');
    const generated = await writeLargeUsnDeclaration(file, megabytes * 1024 * 1024);
    await run('openssl', [
      ...['cms', '-sign', '-engine', 'gost', '-binary', '-cades', '-md', 'md_gost12_256', '-outform', 'DER'],
      ...[
        '-signer',
        join(stack.clientKeyDir, 'certificate.pem'),
        '-inkey',
        join(stack.clientKeyDir, 'key.pem'),
      ],
      ...['-in', file, '-out', `${file}.sig`],
    ]);
    const form = new FormData();
    form.set('subscriberId', stack.subscriberId);
    form.set('declaration', await openAsBlob(file, { type: 'application/xml' }), generated.fileName);
    form.set('signature', new Blob([await readFile(`${file}.sig`)]), `${generated.fileName}.sig`);
    watch = await watchServices(stack.services, stack.gatewayUrl);
    const sent = Date.now();
    const filing = await requestJson<{ filingId: string }>(
      stack.gatewayUrl,
      stack.operatorKey,
      '/api/v1/filings',
      {
        method: 'POST',
        body: form,
      },
    );
    result.uploadSeconds = (Date.now() - sent) / 1000;
    const open = await feed.waitForOutcomes([filing.filingId], Date.now() + timeoutSeconds * 1000);
    const trace = feed.traces.get(filing.filingId);
    result.outcome = trace?.outcome ?? null;
    if (open.length === 0 && trace?.outcomeSeenAt)
      result.endToEndSeconds = (trace.outcomeSeenAt - sent) / 1000;
    else
      result.error = `no outcome within ${timeoutSeconds} s (progress: ${[...(trace?.progressAt.keys() ?? [])].join(' → ') || 'none'})`;
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    result.error += cause;
    for (const service of stack.services)
      process.stderr.write(`--- ${service.name} (last lines)\n${service.output().slice(-3000)}\n`);
  } finally {
    if (watch) result.watch = await watch.stop();
    for (const service of stack.services) {
      const pid = service.process.pid;
      const key = result.peakRssBytes[service.name] === undefined ? service.name : `${service.name}#2`;
      if (pid !== undefined) result.peakRssBytes[key] = await peakRssOf(pid);
    }
    await feed.stop();
    await stack.stop();
    await rm(dir, { recursive: true, force: true });
  }
  return result;
}

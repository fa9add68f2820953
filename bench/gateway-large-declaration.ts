import { openAsBlob } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startService } from '@tks/testing';
import { startGatewayUnderTest, SUBSCRIBER_A } from '../services/gateway/test/support/gateway-under-test';
import { childrenOf, memoryOf, mib, writeLargeUsnDeclaration } from './gateway-bench-support';

/**
 * Pushes a 200 MB declaration (BENCH_DECLARATION_MB) through the compiled gateway on the real
 * broker and database, and reports the gateway's peak RSS against its idle RSS in the same run:
 * the intake streams the body to the document store and validates it streamed (decision 0003), so
 * the ratio should stay small and not grow with the declaration. xmllint, the gateway's child
 * process that validates the schema, is reported on its own line.
 *
 * Needs DATABASE_URL, KAFKA_BROKERS and a build (`source scripts/setup.sh`).
 */
const megabytes = Number(process.env.BENCH_DECLARATION_MB ?? 200);
const root = join(__dirname, '..', '..');

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'tks-bench-gateway-'));
  const file = join(dir, 'declaration.xml');
  const generated = await writeLargeUsnDeclaration(file, megabytes * 1024 * 1024);
  const gw = await startGatewayUnderTest({ MAX_DECLARATION_BYTES: String(512 * 1024 * 1024) }, (env) =>
    // This file runs from dist/bench: the repository root is two levels up.
    startService('gateway', env, root),
  );
  const pid = gw.gateway.process.pid as number;
  try {
    // Idle: started, migrations run, consumers joined; let the start-up garbage settle.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const idle = (await memoryOf(pid))?.rss ?? 0;
    let peak = idle;
    let validatorPeak = 0;
    const sampler = setInterval(() => {
      void memoryOf(pid).then((m) => {
        if (m) peak = Math.max(peak, m.rss);
      });
      void childrenOf(pid).then((children) =>
        Promise.all(children.map((c) => memoryOf(c))).then((ms) => {
          for (const m of ms) if (m) validatorPeak = Math.max(validatorPeak, m.hwm);
        }),
      );
    }, 20);
    // Clients' declarations carry the taxpayer's detached signature (multipart), as the intake requires.
    const signature = await gw.certificates[SUBSCRIBER_A].sign(await readFile(file));
    const form = new FormData();
    form.set('subscriberId', SUBSCRIBER_A);
    form.set('declaration', await openAsBlob(file, { type: 'application/xml' }), generated.fileName);
    form.set('signature', new Blob([signature]), `${generated.fileName}.sig`);
    const started = performance.now();
    const response = await fetch(`${gw.baseUrl}/api/v1/filings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${gw.keys.clientA}` },
      body: form,
    });
    const body = (await response.json()) as { status?: string; code?: string; detail?: string };
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const final = await memoryOf(pid);
    if (response.status !== 202)
      throw new Error(`the gateway answered ${response.status}: ${JSON.stringify(body)}`);
    console.log(
      `gateway-large-declaration: ${mib(generated.size)} declaration accepted (${body.status}) in ${seconds.toFixed(1)} s (${mib(generated.size / seconds)}/s)`,
    );
    console.log(
      `  gateway RSS idle ${mib(idle)}, peak ${mib(peak)} (sampled every 20 ms), VmHWM ${mib(final?.hwm ?? 0)}`,
    );
    console.log(`  peak / idle RSS = ${(peak / idle).toFixed(2)}`);
    console.log(`  xmllint --stream (child process) peak RSS ${mib(validatorPeak)}`);
  } finally {
    await gw.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

/**
 * Fault injection for the fault suite only (test/e2e/faults.e2e-spec.ts), off by default. With
 * TKS_FAULT_INJECTION=exhaust-memory-on:<text>, a consumer handed a message that contains <text>
 * allocates until its heap is exhausted and V8 ends the process, as a declaration too big for
 * its memory would: the services stream declarations, so no declaration of an accepted size does
 * that any more, yet what follows such a death (the attempt counted durably, the dead letter after
 * the last one, the other filings going on) must still hold.
 */
const setting = process.env.TKS_FAULT_INJECTION ?? '';
const marker = setting.startsWith('exhaust-memory-on:') ? setting.slice('exhaust-memory-on:'.length) : '';

const retained: string[][] = [];

export function exhaustMemoryIfMarked(raw: unknown): void {
  if (marker === '') return;
  const text = typeof raw === 'string' ? raw : Buffer.isBuffer(raw) ? raw.toString() : JSON.stringify(raw);
  if (!text.includes(marker)) return;
  for (;;) retained.push(Array.from({ length: 1 << 16 }, (_, i) => `${i}`.repeat(8)));
}

import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import iconv from 'iconv-lite';
import { buildUsnDeclaration } from '../libs/xml/src/fixtures';

/**
 * A valid УСН declaration (КНД 1152017) of about `bytes`, written to `path` in windows-1251
 * without holding it in memory: section 1.1 (`СумНалПУ_НП`, unbounded in the format) repeated.
 */
export async function writeLargeUsnDeclaration(
  path: string,
  bytes: number,
): Promise<{ fileName: string; size: number }> {
  const d = buildUsnDeclaration({ inn: '7707083893', kpp: '773601001', taxOfficeCode: '7736' });
  const start = d.text.indexOf('      <СумНалПУ_НП');
  const end = d.text.indexOf('    </УСН>');
  const head = iconv.encode(d.text.slice(0, start), 'windows-1251');
  const block = iconv.encode(d.text.slice(start, end), 'windows-1251');
  const tail = iconv.encode(d.text.slice(end), 'windows-1251');
  const repeats = Math.max(1, Math.floor((bytes - head.length - tail.length) / block.length));
  const out = createWriteStream(path);
  const write = async (chunk: Buffer) => {
    if (!out.write(chunk)) await once(out, 'drain');
  };
  await write(head);
  const batch = Buffer.concat(Array.from({ length: 1000 }, () => block));
  let left = repeats;
  for (; left >= 1000; left -= 1000) await write(batch);
  for (; left > 0; left--) await write(block);
  await write(tail);
  out.end();
  await once(out, 'finish');
  return { fileName: d.fileName, size: head.length + tail.length + repeats * block.length };
}

/** Resident and peak memory of a process, from /proc (Linux), in bytes. */
export async function memoryOf(pid: number): Promise<{ rss: number; hwm: number } | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) =>
      Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return undefined;
  }
}

/** The direct children of a process (e.g. the gateway's xmllint). */
export async function childrenOf(pid: number): Promise<number[]> {
  try {
    const text = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8');
    return text.trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

export const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

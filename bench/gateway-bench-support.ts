import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import iconv from 'iconv-lite';
import { buildUsnDeclaration } from '../libs/xml/src/fixtures';

// One row of Раздел 3 (`ОтчетИсп/ОтчетИспКод`, unbounded in format 5.09): a receipt of
// targeted funds by its kind code, fully used within its term.
const ROW_SUM = 1000;
const ROW = `        <ОтчетИспКод КодВидПост="010" ДатаПост="15.03.2025" СумДенСред="${ROW_SUM}" СумИспСрок="${ROW_SUM}"/>\n`;

/**
 * A valid УСН declaration (КНД 1152017, format 5.09) of about `bytes`, written to `path` in
 * windows-1251 without holding it in memory: the report on targeted funds (Раздел 3,
 * `ОтчетИсп`) with as many rows as it takes. The format allows one section 1.1 per filing, so
 * that repeated section is where a large real declaration grows too.
 */
export async function writeLargeUsnDeclaration(
  path: string,
  bytes: number,
): Promise<{ fileName: string; size: number }> {
  const d = buildUsnDeclaration({ inn: '7707083893', kpp: '773601001', taxOfficeCode: '7736' });
  const end = d.text.indexOf('    </УСН>');
  const block = iconv.encode(ROW, 'windows-1251');
  const estimate = (repeats: number) =>
    iconv.encode(
      `${d.text.slice(0, end)}      <ОтчетИсп СумДенСредИт="${repeats * ROW_SUM}" СумИспСрокИт="${repeats * ROW_SUM}">\n      </ОтчетИсп>\n${d.text.slice(end)}`,
      'windows-1251',
    ).length;
  const repeats = Math.max(1, Math.floor((bytes - estimate(1)) / block.length));
  const total = repeats * ROW_SUM;
  const head = iconv.encode(
    `${d.text.slice(0, end)}      <ОтчетИсп СумДенСредИт="${total}" СумИспСрокИт="${total}">\n`,
    'windows-1251',
  );
  const tail = iconv.encode(`      </ОтчетИсп>\n${d.text.slice(end)}`, 'windows-1251');
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

import { readFile } from 'node:fs/promises';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ: 100 on Linux for every common architecture). */
const TICKS_PER_SECOND = 100;

/**
 * CPU time a process has used, its own and its waited-for children's (the gateway's xmllint), in
 * milliseconds, from /proc/<pid>/stat (fields 14–17 after the command name).
 */
export async function cpuMillisOf(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // The command name is in parentheses and may hold spaces: count fields after its closing one.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
  return (ticks * 1000) / TICKS_PER_SECOND;
}

/** Peak resident memory (VmHWM) of a process, in bytes; 0 when it is gone. */
export async function peakRssOf(pid: number): Promise<number> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    return Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

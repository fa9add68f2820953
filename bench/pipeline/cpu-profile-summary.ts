import { readFile } from 'node:fs/promises';

/** The parts of a V8 .cpuprofile this summary reads. */
interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }>;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** The service whose main module the profile ran (from the profile's own frames). */
  service: string;
  busyMs: number;
  /** Self time by package (node_modules package, project library or service, Node internals). */
  byPackage: Array<{ name: string; ms: number; share: number }>;
  /** Inclusive time of the project's own functions, the costliest first. */
  projectFrames: Array<{ name: string; ms: number; share: number }>;
}

const packageOf = (url: string): string => {
  const dependency = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url);
  if (dependency) return dependency[1];
  const project = /dist\/((libs|services)\/[^/]+)/.exec(url);
  if (project) return project[1];
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/').slice(0, 2).join('/')}`;
  return url === '' ? '(native code, GC)' : url;
};

const top = (totals: Map<string, number>, busy: number, count: number) =>
  [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, micros]) => ({ name, ms: Math.round(micros / 1000), share: micros / busy }));

/**
 * Where a service's CPU went: self time by package and inclusive time of the project's functions,
 * each function counted once per sample even when it recurses. Idle time is left out.
 */
export async function summarizeCpuProfile(path: string, count = 15): Promise<ProfileSummary> {
  const profile = JSON.parse(await readFile(path, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfMicros = new Map<number, number>();
  profile.samples.forEach((id, i) =>
    selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)),
  );

  let busy = 0;
  let service = 'unknown';
  const byPackage = new Map<string, number>();
  const projectFrames = new Map<string, number>();
  for (const [id, micros] of selfMicros) {
    const node = nodes.get(id);
    if (!node || node.callFrame.functionName === '(idle)') continue;
    busy += micros;
    const name = packageOf(node.callFrame.url);
    byPackage.set(name, (byPackage.get(name) ?? 0) + micros);
    const seen = new Set<string>();
    for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
      const frame = nodes.get(current)?.callFrame;
      if (!frame) break;
      const main = /dist\/services\/([^/]+)\/src\/main\.js$/.exec(frame.url);
      if (main) service = main[1];
      const own = /dist\/((libs|services)\/.*)$/.exec(frame.url);
      if (!own || frame.functionName === '') continue;
      const key = `${frame.functionName} (${own[1].replace(/\.js$/, '.ts')})`;
      if (seen.has(key)) continue;
      seen.add(key);
      projectFrames.set(key, (projectFrames.get(key) ?? 0) + micros);
    }
  }
  return {
    service,
    busyMs: Math.round(busy / 1000),
    byPackage: top(byPackage, busy, count),
    projectFrames: top(projectFrames, busy, count),
  };
}

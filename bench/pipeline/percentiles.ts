/** Nearest-rank percentiles of a sample, in its own unit; undefined for an empty sample. */
export function percentile(sample: readonly number[], p: number): number | undefined {
  if (sample.length === 0) return undefined;
  const sorted = [...sample].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export interface LatencySummary {
  count: number;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  max: number | null;
}

export function summarize(sample: readonly number[]): LatencySummary {
  const at = (p: number) => {
    const value = percentile(sample, p);
    return value === undefined ? null : Math.round(value);
  };
  return { count: sample.length, p50: at(50), p90: at(90), p99: at(99), max: at(100) };
}

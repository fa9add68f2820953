import type { StepResult } from './open-loop';

const W = 640;
const H = 220;
const M = { left: 60, right: 20, top: 28, bottom: 40 };

interface Series {
  label: string;
  color: string;
  points: Array<[number, number]>;
  dashed?: boolean;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}

/** One panel: linear x, linear or log y, polylines with a legend. */
function panel(title: string, yLabel: string, series: Series[], offsetY: number, log: boolean): string {
  const xs = series.flatMap((s) => s.points.map(([x]) => x));
  const ys = series.flatMap((s) => s.points.map(([, y]) => y)).filter((y) => !log || y > 0);
  const xMax = Math.max(1, ...xs);
  const yMin = log ? Math.max(1, Math.min(...ys)) : 0;
  const yMax = Math.max(yMin * 10, 1, ...ys);
  const fx = (x: number) => M.left + (x / xMax) * (W - M.left - M.right);
  const fy = (y: number) => {
    const t = log
      ? (Math.log10(Math.max(y, yMin)) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin))
      : y / yMax;
    return offsetY + H - M.bottom - t * (H - M.top - M.bottom);
  };
  const ticks = log
    ? Array.from(
        { length: Math.floor(Math.log10(yMax)) - Math.floor(Math.log10(yMin)) + 1 },
        (_, i) => 10 ** (Math.floor(Math.log10(yMin)) + i),
      ).filter((t) => t >= yMin && t <= yMax)
    : [0, 0.25, 0.5, 0.75, 1].map((t) => Math.round(t * yMax));
  const parts = [
    `<text x="${M.left}" y="${offsetY + 18}" font-size="13" font-weight="bold">${escape(title)}</text>`,
    `<line x1="${M.left}" y1="${fy(yMin)}" x2="${W - M.right}" y2="${fy(yMin)}" stroke="#888"/>`,
    `<line x1="${M.left}" y1="${offsetY + M.top}" x2="${M.left}" y2="${fy(yMin)}" stroke="#888"/>`,
    `<text x="${(W + M.left) / 2}" y="${offsetY + H - 6}" font-size="11" text-anchor="middle">offered load, filings/s</text>`,
    `<text x="12" y="${offsetY + H / 2}" font-size="11" transform="rotate(-90 12 ${offsetY + H / 2})" text-anchor="middle">${escape(yLabel)}</text>`,
    ...ticks.map(
      (t) =>
        `<text x="${M.left - 6}" y="${fy(t) + 4}" font-size="10" text-anchor="end">${t}</text>` +
        `<line x1="${M.left}" y1="${fy(t)}" x2="${W - M.right}" y2="${fy(t)}" stroke="#eee"/>`,
    ),
    ...[...new Set(xs)].map(
      (x) => `<text x="${fx(x)}" y="${fy(yMin) + 14}" font-size="10" text-anchor="middle">${x}</text>`,
    ),
  ];
  series.forEach((s, i) => {
    const points = s.points
      .filter(([, y]) => !log || y > 0)
      .map(([x, y]) => `${fx(x).toFixed(1)},${fy(y).toFixed(1)}`);
    const dash = s.dashed ? ' stroke-dasharray="4 3"' : '';
    parts.push(
      `<polyline fill="none" stroke="${s.color}" stroke-width="2"${dash} points="${points.join(' ')}"/>`,
    );
    parts.push(
      `<text x="${W - M.right - 150}" y="${offsetY + 40 + i * 14}" font-size="11" fill="${s.color}">${escape(s.label)}</text>`,
    );
  });
  return parts.join('\n');
}

/** Throughput and end-to-end latency against offered load, as one SVG (docs/benchmarks.md). */
export function pipelineChart(steps: readonly StepResult[], caption: string): string {
  const offered = steps.map((s) => s.offeredPerSecond);
  const throughput: Series[] = [
    {
      label: 'finished filings/s',
      color: '#1f77b4',
      points: steps.map((s) => [s.offeredPerSecond, s.throughputPerSecond]),
    },
    { label: 'offered = finished', color: '#aaa', dashed: true, points: offered.map((x) => [x, x]) },
  ];
  const latency: Series[] = [
    {
      label: 'p50 upload → answer',
      color: '#2ca02c',
      points: steps.map((s) => [s.offeredPerSecond, s.latencyMs.endToEnd.p50 ?? 0]),
    },
    {
      label: 'p99 upload → answer',
      color: '#d62728',
      points: steps.map((s) => [s.offeredPerSecond, s.latencyMs.endToEnd.p99 ?? 0]),
    },
  ];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${2 * H + 24}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    panel('Throughput', 'filings/s', throughput, 0, false),
    panel('Latency, upload → answer (log scale)', 'ms', latency, H, true),
    `<text x="${M.left}" y="${2 * H + 16}" font-size="10" fill="#555">${escape(caption)}</text>`,
    `</svg>`,
    '',
  ].join('\n');
}

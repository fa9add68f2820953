import { parseArgs } from 'node:util';
import { requestJson } from './gateway-client';

export const watchUsage = `  tks watch [--after CURSOR | --from-now] [--filing ID] [--count N] [--json]
      follows the events feed (GET /events, long-polled): one line per status, progress or
      outcome change the key may read; --json writes one JSON object per line with its cursor,
      so a script resumes with --after; --count stops after N events`;

export interface FeedEvent {
  cursor: string;
  filingId: string;
  status: string;
  progress?: string | null;
  outcome?: string | null;
  at: string;
  fileId?: string | null;
  detail?: Record<string, string> | null;
}

interface FeedPage {
  events: FeedEvent[];
  nextCursor: string;
}

const PAGE = 500;

export async function runWatchCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      after: { type: 'string', default: '0' },
      'from-now': { type: 'boolean', default: false },
      filing: { type: 'string' },
      count: { type: 'string' },
      json: { type: 'boolean', default: false },
      gateway: { type: 'string' },
      'api-key': { type: 'string' },
    },
  });
  const baseUrl = values.gateway ?? process.env.TKS_GATEWAY_URL ?? 'http://127.0.0.1:3000';
  const apiKey = values['api-key'] ?? process.env.TKS_API_KEY;
  const read = (after: string, wait: number) =>
    requestJson<FeedPage>(baseUrl, apiKey, `/api/v1/events?after=${after}&wait=${wait}&limit=${PAGE}`);

  let cursor = values.after;
  if (values['from-now']) {
    // Skip what happened before: a page that is not full has reached the feed's end.
    for (;;) {
      const page = await read(cursor, 0);
      cursor = page.nextCursor;
      if (page.events.length < PAGE) break;
    }
  }
  let left = values.count === undefined ? Infinity : Number(values.count);
  while (left > 0) {
    const page = await read(cursor, 25);
    cursor = page.nextCursor;
    for (const event of page.events) {
      if (values.filing && event.filingId !== values.filing) continue;
      process.stdout.write((values.json ? JSON.stringify(event) : line(event)) + '\n');
      if (--left <= 0) break;
    }
  }
  return 0;
}

function line(e: FeedEvent): string {
  const outcome = e.outcome ? `  outcome ${e.outcome}` : '';
  return `${e.at}  ${e.filingId}  ${e.fileId ?? ''}  ${e.status}${e.progress ? `  (${e.progress})` : ''}${outcome}`;
}

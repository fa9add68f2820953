import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireApiKey } from '../access/api-key.guard';
import type { Principal } from '../access/principal';
import { parseFeedQuery, readFeedPage } from './events-feed';
import { EventsFeedRepository } from './events-feed.repository';
import { FeedSequencer } from './feed-sequencer';

const POLL_MS = 250;

@ApiTags('events')
@Controller('events')
@RequireApiKey()
export class EventsController {
  constructor(
    private readonly feedRows: EventsFeedRepository,
    private readonly sequencer: FeedSequencer,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Ordered feed of filing status, progress and outcome changes, for polling and long-polling',
    description:
      'Returns the status changes after `after` (a cursor from this feed; 0 or absent: from the start) ' +
      'that the caller may read, in the order they happened to become visible. Keep `nextCursor` and ' +
      'pass it as `after` next time: nothing is missed or repeated. With `wait` (seconds, ≤ 30) the ' +
      'answer waits until there is at least one event or the time is up. Each event carries the filing’s ' +
      '`progress` and `outcome` after it (absent on events recorded before they existed); a receipt notice sent ' +
      'or forwarded is an event too (`detail.receiptNotice`).',
  })
  @ApiQuery({ name: 'after', required: false })
  @ApiQuery({ name: 'wait', required: false })
  @ApiQuery({ name: 'limit', required: false, description: '1–500, default 100' })
  @ApiOkResponse({
    description: '{ events: [{cursor, filingId, status, progress?, outcome?, at, detail?, …}], nextCursor }',
  })
  async feed(@CurrentPrincipal() principal: Principal, @Query() raw: Record<string, string>) {
    const query = parseFeedQuery(raw);
    const deadline = Date.now() + query.wait * 1000;
    let after = query.after;
    for (;;) {
      await this.sequencer.kick();
      const page = await readFeedPage(this.feedRows, principal, { after, limit: query.limit });
      if (page.events.length > 0 || Date.now() >= deadline) return page;
      after = page.nextCursor;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}

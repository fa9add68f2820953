import { RunningService, startedPort } from '@tks/testing';

/** What one service went through while a watch ran. */
export interface ServiceWatchResult {
  /** Longest event-loop delay seen (prom-client's max since the previous scrape), seconds. */
  longestStallSeconds: number;
  /** Times its consumer joined its group again (kafkajs "Consumer has joined the group"). */
  groupJoins: number;
}

/**
 * Follows every service of a stack while something runs: scrapes `/metrics` twice a second for the
 * event loop's longest delay (prom-client resets its histogram on each scrape, so the maximum over
 * the scrapes is the longest stall of the window), and counts the consumer's group joins in its log
 * (logged at info, which every LOG_LEVEL keeps). A stall past the session timeout shows as a join here.
 */
export async function watchServices(
  services: RunningService[],
  gatewayUrl: string,
): Promise<{ stop(): Promise<Record<string, ServiceWatchResult>> }> {
  const results = new Map<RunningService, ServiceWatchResult>();
  const detach: Array<() => void> = [];
  const urls = new Map<RunningService, string>();
  for (const service of services) {
    results.set(service, { longestStallSeconds: 0, groupJoins: 0 });
    urls.set(
      service,
      service.name === 'gateway'
        ? `${gatewayUrl}/metrics`
        : `http://127.0.0.1:${startedPort(service)}/metrics`,
    );
    const onData = (chunk: Buffer) => {
      const joins = chunk.toString().match(/joined the group/g)?.length ?? 0;
      (results.get(service) as ServiceWatchResult).groupJoins += joins;
    };
    service.process.stdout?.on('data', onData);
    detach.push(() => service.process.stdout?.off('data', onData));
  }
  const scrape = async (service: RunningService): Promise<void> => {
    try {
      const text = await (await fetch(urls.get(service) as string)).text();
      const max = /^tks_nodejs_eventloop_lag_max_seconds(?:\{[^}]*\})? (\S+)$/m.exec(text);
      const result = results.get(service) as ServiceWatchResult;
      if (max) result.longestStallSeconds = Math.max(result.longestStallSeconds, Number(max[1]));
    } catch {
      // A busy or ending service answers late or not at all; its histogram keeps the delay for the next scrape.
    }
  };
  // A first scrape empties the histograms of what came before (start-up, migrations).
  await Promise.all(services.map(scrape));
  for (const result of results.values()) result.longestStallSeconds = 0;
  let running = true;
  // One scrape in flight per service: a stalled service's answer comes when its loop is free again.
  const loops = services.map(async (service) => {
    while (running) {
      await scrape(service);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  });
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
      await Promise.all(services.map(scrape));
      for (const off of detach) off();
      const named: Record<string, ServiceWatchResult> = {};
      for (const [service, result] of results) {
        const key = named[service.name] === undefined ? service.name : `${service.name}#2`;
        named[key] = { ...result, longestStallSeconds: Number(result.longestStallSeconds.toFixed(3)) };
      }
      return named;
    },
  };
}

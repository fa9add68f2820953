import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Gauge, register } from 'prom-client';
import { FilingsRepository } from '../filings/filings.repository';

/**
 * `tks_filings{stage,outcome}`: filings by where their docflow stands, counted in the table when
 * Prometheus scrapes (an index-only count on the history indexes), so it is exact after restarts.
 */
@Injectable()
export class FilingGauges implements OnApplicationBootstrap {
  constructor(private readonly filings: FilingsRepository) {}

  onApplicationBootstrap(): void {
    const filings = this.filings;
    register.removeSingleMetric('tks_filings');
    new Gauge({
      name: 'tks_filings',
      help: 'Filings by docflow stage (progress) and outcome',
      labelNames: ['stage', 'outcome'] as const,
      registers: [register],
      async collect() {
        const rows = await filings.countByStage().catch(() => []);
        this.reset();
        for (const row of rows) this.set({ stage: row.stage, outcome: row.outcome }, row.count);
      },
    });
  }
}

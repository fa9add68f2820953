import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Gauge, register } from 'prom-client';
import { DataSource } from 'typeorm';

/**
 * `tks_filings{stage,outcome}`: filings by where their docflow stands, counted in the table when
 * Prometheus scrapes (an index-only count on the history indexes), so it is exact after restarts.
 */
@Injectable()
export class FilingGauges implements OnApplicationBootstrap {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onApplicationBootstrap(): void {
    const dataSource = this.dataSource;
    register.removeSingleMetric('tks_filings');
    new Gauge({
      name: 'tks_filings',
      help: 'Filings by docflow stage (progress) and outcome',
      labelNames: ['stage', 'outcome'] as const,
      registers: [register],
      async collect() {
        const rows = (await dataSource
          .query(
            `SELECT progress AS stage, coalesce(outcome, 'none') AS outcome, count(*)::int AS count
             FROM gateway.filings GROUP BY 1, 2`,
          )
          .catch(() => [])) as Array<{ stage: string; outcome: string; count: number }>;
        this.reset();
        for (const row of rows) this.set({ stage: row.stage, outcome: row.outcome }, row.count);
      },
    });
  }
}

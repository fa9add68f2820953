import { Counter, Histogram, register } from 'prom-client';
import type { FilingOutcome, FilingProgress } from '../docflow/docflow-state';

const transitions = new Counter({
  name: 'tks_filing_stage_transitions_total',
  help: 'Filings that reached a stage of the docflow (progress), with the outcome known then',
  labelNames: ['stage', 'outcome'] as const,
  registers: [register],
});

const stageSeconds = new Histogram({
  name: 'tks_filing_stage_seconds',
  help: 'Time from submission until a filing reached the stage (signed, sent, answered, finished)',
  labelNames: ['stage'] as const,
  // From seconds (signing) to the days the tax office may take to answer.
  buckets: [0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600, 4 * 3600, 24 * 3600, 3 * 24 * 3600],
  registers: [register],
});

/**
 * Observed where the docflow recorder moves a filing to a new stage. Observed inside the
 * recording transaction: the rare transaction retried after a failure counts twice, which the
 * `tks_filings` gauge (read from the table) does not.
 */
export function observeStage(
  stage: FilingProgress,
  outcome: FilingOutcome | null,
  submittedAt: Date,
  reachedAt: Date,
): void {
  transitions.inc({ stage, outcome: outcome ?? 'none' });
  stageSeconds.observe({ stage }, Math.max(0, (reachedAt.getTime() - submittedAt.getTime()) / 1000));
}

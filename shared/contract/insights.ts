import { z } from 'zod';
import { method } from './define';

export const InsightsRange = z.enum(['1h', '24h', '7d', '30d']);
export type InsightsRange = z.infer<typeof InsightsRange>;

/** Finished runs of one period. Durations in ms; null where there was no run to measure. */
export const PeriodFigures = z.object({
  runs: z.number().int(),
  succeeded: z.number().int(),
  failed: z.number().int(),
  cancelled: z.number().int(),
  /** failed / runs, 0..1. */
  failureRate: z.number().nullable(),
  avgMs: z.number().nullable(),
  p95Ms: z.number().nullable(),
  /** Successful runs × each workflow's "time saved per run" setting. */
  timeSavedMinutes: z.number(),
});
export type PeriodFigures = z.infer<typeof PeriodFigures>;

/** What insights are kept for: workflows today; agents record into the same statistics. */
export const InsightsSubjectKind = z.enum(['workflow', 'agent']);

export const SubjectInsights = PeriodFigures.extend({
  kind: InsightsSubjectKind,
  id: z.string(),
  name: z.string(),
  /** The same figures in the period before, for the change. */
  previous: PeriodFigures,
});
export type SubjectInsights = z.infer<typeof SubjectInsights>;

export const InsightsPoint = z.object({ at: z.string(), succeeded: z.number().int(), failed: z.number().int(), cancelled: z.number().int() });

export const InsightsSummary = z.object({
  range: InsightsRange,
  /** The period counted: [from, to), and the one before it, of the same length. */
  from: z.string(),
  to: z.string(),
  previousFrom: z.string(),
  current: PeriodFigures,
  previous: PeriodFigures,
  series: z.array(InsightsPoint),
  subjects: z.array(SubjectInsights),
  /** Whether any workflow says how much time a run saves (else "time saved" has nothing to count). */
  timeSavedConfigured: z.boolean(),
});
export type InsightsSummary = z.infer<typeof InsightsSummary>;

export const insightsMethods = {
  'insights.summary': method({
    description: 'Runs, failures, failure rate, average and p95 run time and time saved over a range, against the period before; per workflow (and agent) and over time.',
    input: z.object({ range: InsightsRange.default('24h') }).strict(),
    output: InsightsSummary,
    reads: ['executions', 'run_stats', 'workflows'],
  }),
};

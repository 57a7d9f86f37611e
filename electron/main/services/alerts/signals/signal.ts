import type { AlertKindInfo } from '../../../../../shared/contract/alerts';

/** One subject's value for a rule: a workflow's failure rate, a server's crash count. */
export interface Measurement {
  /** Stable across evaluations: `workflow:<id>`, `mcp:<id>`, `queue`. One alert per rule and subject at a time. */
  subjectKey: string;
  subjectName: string;
  workflowId?: string;
  value: number;
  /** How many observations the value rests on (runs, checks); rules ask for a minimum. */
  samples: number;
  /** A sentence of context for the alert message ("3 of 4 runs failed"). */
  detail?: string;
}

export interface MeasureScope {
  /** A rule living with a workflow measures that workflow only. */
  workflowId: string | null;
  windowSeconds: number;
  /** Workflows a global rule leaves to their own rule of the same kind. */
  exclude?: ReadonlySet<string>;
}

/**
 * A source of alert values. The services that own data register one per kind of rule they
 * support; agents (task failure rate) and workers (missing heartbeats) add theirs the same way.
 */
export interface AlertSignal {
  readonly info: AlertKindInfo;
  measure(scope: MeasureScope, now: number): Measurement[];
}

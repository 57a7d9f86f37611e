import type { Measurement } from './signals/signal';

export interface RuleThresholds {
  threshold: number;
  minSamples: number;
  cooldownSeconds: number;
}

export interface OpenAlert {
  id: number;
  subjectKey: string;
  peak: number;
}

export type Decision =
  | { type: 'fire'; measurement: Measurement }
  | { type: 'resolve'; alert: OpenAlert; value: number }
  | { type: 'peak'; alert: OpenAlert; value: number }
  /** Breaching again within the cooldown after the last alert resolved: stays quiet. */
  | { type: 'cooldown'; measurement: Measurement; until: number };

export function isBreaching(rule: Pick<RuleThresholds, 'threshold' | 'minSamples'>, measurement: Pick<Measurement, 'value' | 'samples'>): boolean {
  return measurement.samples >= rule.minSamples && measurement.value >= rule.threshold;
}

/**
 * One rule's decisions for one evaluation. An alert per rule and subject at a time: it fires
 * once when the value reaches the threshold (with enough samples), records a new peak while
 * it stays there, and resolves once when it drops below (or the subject disappears). After it
 * resolves, the same subject does not fire again until the cooldown has passed.
 */
export function evaluateRule(
  rule: RuleThresholds,
  measurements: readonly Measurement[],
  open: readonly OpenAlert[],
  lastResolvedAt: (subjectKey: string) => number | undefined,
  now: number,
): Decision[] {
  const decisions: Decision[] = [];
  const openBySubject = new Map(open.map((alert) => [alert.subjectKey, alert]));
  const measured = new Set<string>();
  for (const measurement of measurements) {
    if (measured.has(measurement.subjectKey)) continue;
    measured.add(measurement.subjectKey);
    const breaching = isBreaching(rule, measurement);
    const alert = openBySubject.get(measurement.subjectKey);
    if (alert) {
      if (!breaching) decisions.push({ type: 'resolve', alert, value: measurement.value });
      else if (measurement.value > alert.peak) decisions.push({ type: 'peak', alert, value: measurement.value });
      continue;
    }
    if (!breaching) continue;
    const resolvedAt = lastResolvedAt(measurement.subjectKey);
    const until = resolvedAt === undefined ? 0 : resolvedAt + rule.cooldownSeconds * 1000;
    decisions.push(now < until ? { type: 'cooldown', measurement, until } : { type: 'fire', measurement });
  }
  for (const alert of open) if (!measured.has(alert.subjectKey)) decisions.push({ type: 'resolve', alert, value: 0 });
  return decisions;
}

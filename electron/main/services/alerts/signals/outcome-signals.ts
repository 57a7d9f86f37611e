import type { AlertKindInfo } from '../../../../../shared/contract/alerts';
import { quantile, type OutcomeWindow } from './outcome-window';
import type { AlertSignal, MeasureScope, Measurement } from './signal';

type Described = Pick<AlertKindInfo, 'kind' | 'label' | 'description' | 'subject' | 'defaults'>;

/** `workflow:<id>` keys name workflows: their measurements carry the workflow id (rules and health views use it). */
function measurementsOf(window: OutcomeWindow, scope: MeasureScope, keyPrefix: string, compute: (key: string, name: string) => Omit<Measurement, 'subjectKey' | 'subjectName'> | undefined): Measurement[] {
  const out: Measurement[] = [];
  for (const { key, name } of window.subjectsSeen()) {
    if (scope.workflowId !== null && key !== scope.workflowId) continue;
    if (scope.exclude?.has(key)) continue;
    const measured = compute(key, name);
    if (!measured) continue;
    out.push({ subjectKey: `${keyPrefix}:${key}`, subjectName: name, ...(keyPrefix === 'workflow' ? { workflowId: key } : {}), ...measured });
  }
  return out;
}

const scopeOf = (keyPrefix: string): AlertKindInfo['scope'] => (keyPrefix === 'workflow' ? 'workflow' : 'global');

/** Failed share of the runs that finished in the window (runs are the samples). */
export function failureRateSignal(window: OutcomeWindow, keyPrefix: string, info: Described): AlertSignal {
  return {
    info: { ...info, unit: 'ratio', scope: scopeOf(keyPrefix), usesWindow: true },
    measure: (scope, now) =>
      measurementsOf(window, scope, keyPrefix, (key) => {
        const stats = window.stats(key, scope.windowSeconds * 1000, now);
        if (stats.runs === 0) return undefined;
        return { value: stats.failed / stats.runs, samples: stats.runs, detail: `${stats.failed} of ${stats.runs} runs failed` };
      }),
  };
}

/** Failed runs in the window. */
export function failureCountSignal(window: OutcomeWindow, keyPrefix: string, info: Described): AlertSignal {
  return {
    info: { ...info, unit: 'runs', scope: scopeOf(keyPrefix), usesWindow: true },
    measure: (scope, now) =>
      measurementsOf(window, scope, keyPrefix, (key) => {
        const stats = window.stats(key, scope.windowSeconds * 1000, now);
        if (stats.runs === 0) return undefined;
        return { value: stats.failed, samples: stats.runs, detail: `${stats.failed} of ${stats.runs} runs failed` };
      }),
  };
}

/** 95th percentile of run durations in the window, in seconds. */
export function p95DurationSignal(window: OutcomeWindow, keyPrefix: string, info: Described): AlertSignal {
  return {
    info: { ...info, unit: 'seconds', scope: scopeOf(keyPrefix), usesWindow: true },
    measure: (scope, now) =>
      measurementsOf(window, scope, keyPrefix, (key) => {
        const stats = window.stats(key, scope.windowSeconds * 1000, now, true);
        if (stats.runs === 0) return undefined;
        return { value: quantile(stats.durationsMs, 0.95) / 1000, samples: stats.runs, detail: `p95 of ${stats.runs} runs` };
      }),
  };
}

/**
 * Seconds since each subject was last heard from (a worker's heartbeat): `at` null means never.
 * Subjects no longer listed drop out, which resolves their alert.
 */
export function secondsSinceSignal(seen: () => Array<{ key: string; name: string; at: number | null }>, info: Described): AlertSignal {
  return {
    info: { ...info, unit: 'seconds', scope: 'global', usesWindow: false },
    measure: (_scope, now) =>
      seen().map(({ key, name, at }) => ({ subjectKey: key, subjectName: name, value: at === null ? Number.MAX_SAFE_INTEGER : Math.max(0, (now - at) / 1000), samples: 1 })),
  };
}

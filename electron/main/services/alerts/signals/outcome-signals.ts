import type { AlertKindInfo } from '../../../../../shared/contract/alerts';
import { quantile, type OutcomeWindow, type WindowStats } from './outcome-window';
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

/** A signal over each subject's runs in the window; `compute` turns the window's stats into a value. */
function windowSignal(window: OutcomeWindow, keyPrefix: string, info: Described, unit: AlertKindInfo['unit'], compute: (stats: WindowStats) => { value: number; detail: string }, durations = false): AlertSignal {
  return {
    info: { ...info, unit, scope: scopeOf(keyPrefix), usesWindow: true },
    measure: (scope, now) =>
      measurementsOf(window, scope, keyPrefix, (key) => {
        const stats = window.stats(key, scope.windowSeconds * 1000, now, durations);
        return stats.runs === 0 ? undefined : { ...compute(stats), samples: stats.runs };
      }),
  };
}

const failedOf = (stats: WindowStats) => `${stats.failed} of ${stats.runs} runs failed`;

/** Failed share of the runs that finished in the window (runs are the samples). */
export function failureRateSignal(window: OutcomeWindow, keyPrefix: string, info: Described): AlertSignal {
  return windowSignal(window, keyPrefix, info, 'ratio', (stats) => ({ value: stats.failed / stats.runs, detail: failedOf(stats) }));
}

/** Failed runs in the window. */
export function failureCountSignal(window: OutcomeWindow, keyPrefix: string, info: Described): AlertSignal {
  return windowSignal(window, keyPrefix, info, 'runs', (stats) => ({ value: stats.failed, detail: failedOf(stats) }));
}

/** 95th percentile of run durations in the window, in seconds. */
export function p95DurationSignal(window: OutcomeWindow, keyPrefix: string, info: Described): AlertSignal {
  return windowSignal(window, keyPrefix, info, 'seconds', (stats) => ({ value: quantile(stats.durationsMs, 0.95) / 1000, detail: `p95 of ${stats.runs} runs` }), true);
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

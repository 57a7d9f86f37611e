import type Database from 'better-sqlite3';
import type { Alert, HealthFigure, WorkflowHealth, WorkflowHealthRow } from '../../../../shared/contract/alerts';
import type { AlertMonitor } from './alert-monitor';
import { isBreaching } from './evaluator';
import type { StoredRule } from './rule-repository';
import type { OutcomeWindow } from './signals/outcome-window';
import { WORKFLOW_KINDS } from './signals/workflow-signals';

const FIGURES = [WORKFLOW_KINDS.failureRate, WORKFLOW_KINDS.failureCount, WORKFLOW_KINDS.p95, WORKFLOW_KINDS.deadLetter];

export interface HealthSources {
  monitor: AlertMonitor;
  rules(): StoredRule[];
  firing(): Alert[];
  window: OutcomeWindow;
  db: Database.Database;
}

/** The rule watching a figure of a workflow: the workflow's own (enabled first), else the global one. */
function ruleFor(rules: readonly StoredRule[], kind: string, workflowId: string): StoredRule | undefined {
  const candidates = rules.filter((rule) => rule.kind === kind && (rule.workflowId === workflowId || rule.workflowId === null));
  const rank = (rule: StoredRule) => (rule.workflowId === workflowId ? 0 : 2) + (rule.enabled ? 0 : 1);
  return candidates.sort((a, b) => rank(a) - rank(b))[0];
}

/** A workflow's health figures, each measured over its rule's window and judged by that rule. */
export function healthFigures(sources: HealthSources, workflowId: string, now: number, rules = sources.rules(), firing = sources.firing()): HealthFigure[] {
  const subjectKey = `workflow:${workflowId}`;
  return FIGURES.flatMap((kind) => {
    const signal = sources.monitor.signal(kind);
    if (!signal) return [];
    const rule = ruleFor(rules, kind, workflowId);
    const windowSeconds = rule?.windowSeconds ?? signal.info.defaults.windowSeconds;
    const measured = signal.measure({ workflowId, windowSeconds }, now).find((measurement) => measurement.subjectKey === subjectKey);
    const value = measured?.value ?? 0;
    const samples = measured?.samples ?? 0;
    const alert = rule ? firing.find((candidate) => candidate.ruleId === rule.id && candidate.subjectKey === subjectKey) : undefined;
    return [
      {
        kind,
        label: signal.info.label,
        unit: signal.info.unit,
        value,
        samples,
        windowSeconds,
        rule: rule ? { id: rule.id, name: rule.name, threshold: rule.threshold, minSamples: rule.minSamples, enabled: rule.enabled } : null,
        breaching: rule !== undefined && rule.enabled && isBreaching(rule, { value, samples }),
        firingAlertId: alert?.id ?? null,
      },
    ];
  });
}

function statusOf(figures: readonly HealthFigure[], firing: number, runs24h: number): WorkflowHealth['status'] {
  if (firing > 0 || figures.some((figure) => figure.breaching)) return 'failing';
  const deadLetters = figures.find((figure) => figure.kind === WORKFLOW_KINDS.deadLetter)?.value ?? 0;
  return runs24h === 0 && deadLetters === 0 ? 'idle' : 'healthy';
}

export function workflowHealth(sources: HealthSources, workflow: { id: string; name: string }, now: number): WorkflowHealth {
  const firing = sources.firing().filter((alert) => alert.workflowId === workflow.id);
  const figures = healthFigures(sources, workflow.id, now);
  const hourly = sources.window.hourly(workflow.id, 24, now).map((bucket) => ({ hour: new Date(bucket.hour).toISOString(), succeeded: bucket.succeeded, failed: bucket.failed }));
  const failures = sources.db
    .prepare(`SELECT id, finished_at AS finishedAt, error FROM executions WHERE workflow_id = ? AND status IN ('failed', 'crashed') ORDER BY id DESC LIMIT 5`)
    .all(workflow.id) as Array<{ id: number; finishedAt: number | null; error: string | null }>;
  return {
    workflowId: workflow.id,
    workflowName: workflow.name,
    status: statusOf(figures, firing.length, hourly.reduce((sum, bucket) => sum + bucket.succeeded + bucket.failed, 0)),
    figures,
    hourly,
    recentFailures: failures.map((row) => {
      const error = row.error ? (JSON.parse(row.error) as { message?: string; nodeName?: string }) : {};
      return { executionId: row.id, at: new Date(row.finishedAt ?? now).toISOString(), message: error.message ?? 'failed', nodeName: error.nodeName ?? null };
    }),
    firing,
  };
}

export function healthOverview(sources: HealthSources, workflows: ReadonlyArray<{ id: string; name: string }>, now: number): WorkflowHealthRow[] {
  const rules = sources.rules();
  const firing = sources.firing();
  const order = { failing: 0, healthy: 1, idle: 2 };
  return workflows
    .map((workflow) => {
      const figures = healthFigures(sources, workflow.id, now, rules, firing);
      const value = (kind: string) => figures.find((figure) => figure.kind === kind);
      const firingCount = firing.filter((alert) => alert.workflowId === workflow.id).length;
      const rate = value(WORKFLOW_KINDS.failureRate);
      const runs24h = sources.window.stats(workflow.id, 86_400_000, now).runs;
      return {
        workflowId: workflow.id,
        workflowName: workflow.name,
        status: statusOf(figures, firingCount, runs24h),
        runs: rate?.samples ?? 0,
        failureRate: rate?.value ?? 0,
        p95Seconds: value(WORKFLOW_KINDS.p95)?.value ?? 0,
        deadLetters: value(WORKFLOW_KINDS.deadLetter)?.value ?? 0,
        firing: firingCount,
      };
    })
    .sort((a, b) => order[a.status] - order[b.status] || a.workflowName.localeCompare(b.workflowName));
}

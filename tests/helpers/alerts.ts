import type { Notification } from '../../electron/main/services/engine/ports';
import type { Host } from '../../electron/main/services/host';
import type { AlertRuleInput } from '../../shared/contract/alerts';
import type { WorkflowDocument } from '../../shared/workflow/document';
import { chain, manualStart, node } from './engine';

/** Desktop notifications as the Electron shell would get them, recorded. */
export function recordingNotifier(): { notify(notification: Notification): void; seen: Notification[] } {
  const seen: Notification[] = [];
  return { notify: (notification) => void seen.push(notification), seen };
}

/** Switches the shipped rules off, so a test sees only the rules it makes. */
export function withoutDefaultRules(host: Host): void {
  for (const rule of host.alerts.rules.all()) host.alerts.saveRule({ ...rule, enabled: false });
}

export function saveRule(host: Host, rule: AlertRuleInput) {
  return host.alerts.saveRule({ workflowId: null, windowSeconds: 900, cooldownSeconds: 900, minSamples: 1, severity: 'warning', channelIds: [], enabled: true, ...rule });
}

/**
 * Evaluates now, then counts the alerts kept (of one rule, or all). The service also evaluates on
 * its own after changes, so a test judges the alerts it kept rather than one call's counts.
 */
export function alertCounts(host: Host, ruleId?: string): { firing: number; resolved: number } {
  host.alerts.evaluate();
  const items = host.alerts.list({ status: 'all', ruleId, limit: 100 }).items;
  return { firing: items.filter((alert) => alert.resolvedAt === null).length, resolved: items.filter((alert) => alert.resolvedAt !== null).length };
}

/**
 * A workflow that fails when its input says `{ fail: true }`: real runs, real failures (its
 * step reads a field of nothing). An expression rather than a Code step, whose sandbox takes
 * seconds to start on a loaded machine, so the alert tests stay quick.
 */
export const FLAKY: WorkflowDocument = chain('Nightly sync', [
  manualStart(),
  node('transform.edit', { fields: [{ name: 'synced', value: "{{ $json.fail ? $json.upstream.refused : 'yes' }}" }] }, { id: 'sync', name: 'Sync' }),
]);

/** Runs a workflow `count` times to the end. */
export async function runTimes(host: Host, workflowId: string, count: number, input: Record<string, unknown>): Promise<void> {
  for (let i = 0; i < count; i++) {
    const { row } = await host.engine.run({ workflowId, input: input as never });
    await host.engine.waitFor(row.id);
  }
}

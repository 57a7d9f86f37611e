import type { ChannelRepository } from './channel-repository';
import type { KeyValues } from '../telemetry/key-values';
import type { ParsedRule, RuleRepository } from './rule-repository';
import { WORKFLOW_KINDS } from './signals/workflow-signals';

export const DESKTOP_CHANNEL_ID = 'channel-desktop';

type DefaultRule = Omit<ParsedRule, 'workflowId' | 'channelIds' | 'enabled'> & { id: string; enabled?: boolean };

/** The common cases, shipped on: an operator starts with alerts that matter and can tune or delete them. */
const DEFAULT_RULES: readonly DefaultRule[] = [
  { id: 'rule-workflow-failing', name: 'Workflow failing', kind: WORKFLOW_KINDS.failureRate, threshold: 0.5, windowSeconds: 900, cooldownSeconds: 1800, minSamples: 3, severity: 'critical' },
  { id: 'rule-dead-letter', name: 'Run on the dead-letter list', kind: WORKFLOW_KINDS.deadLetter, threshold: 1, windowSeconds: 900, cooldownSeconds: 600, minSamples: 1, severity: 'warning' },
  { id: 'rule-workflow-slow', name: 'Workflow slow', kind: WORKFLOW_KINDS.p95, threshold: 300, windowSeconds: 3600, cooldownSeconds: 3600, minSamples: 5, severity: 'info', enabled: false },
  { id: 'rule-mcp-crash-loop', name: 'MCP server crash-looping', kind: 'mcp_crash_loop', threshold: 3, windowSeconds: 600, cooldownSeconds: 1800, minSamples: 1, severity: 'critical' },
  { id: 'rule-mcp-down', name: 'MCP server down', kind: 'mcp_server_down', threshold: 120, windowSeconds: 600, cooldownSeconds: 1800, minSamples: 1, severity: 'warning' },
  { id: 'rule-connection-failing', name: 'Connection failing', kind: 'connection_failing', threshold: 3, windowSeconds: 3600, cooldownSeconds: 1800, minSamples: 1, severity: 'warning' },
  { id: 'rule-queue-lag', name: 'Queue backing up', kind: 'queue_lag', threshold: 60, windowSeconds: 60, cooldownSeconds: 600, minSamples: 1, severity: 'warning' },
  { id: 'rule-vault-locked', name: 'Vault locked while runs wait', kind: 'vault_locked_waiting', threshold: 1, windowSeconds: 900, cooldownSeconds: 900, minSamples: 1, severity: 'critical' },
];

const SEEDED = 'alerts.defaults_seeded';

/** Creates the default rules and the desktop channel once per data dir; deleting them later is respected. */
export function seedDefaults(rules: RuleRepository, channels: ChannelRepository, values: KeyValues): void {
  if (values.get(SEEDED)) return;
  if (!channels.find(DESKTOP_CHANNEL_ID)) channels.save({ id: DESKTOP_CHANNEL_ID, name: 'Desktop notification', config: { type: 'desktop' }, enabled: true, notifyResolved: true });
  for (const rule of DEFAULT_RULES) {
    if (rules.find(rule.id)) continue;
    rules.save({ ...rule, workflowId: null, channelIds: [DESKTOP_CHANNEL_ID], enabled: rule.enabled ?? true }, rule.id.replace(/^rule-/, ''));
  }
  values.set(SEEDED, new Date().toISOString());
}

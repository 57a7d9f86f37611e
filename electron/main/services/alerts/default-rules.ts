import type { ChannelRepository } from './channel-repository';
import type { KeyValues } from '../telemetry/key-values';
import type { ParsedRule, RuleRepository } from './rule-repository';
import { WORKFLOW_KINDS } from './signals/workflow-signals';
import { AGENT_ALERT_KINDS } from '../agents/alerts/agent-signals';

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

/** Rules shipped later than the first set, each set seeded once under its own key: data dirs seeded before get them too. */
const LATER_RULES: ReadonlyArray<{ key: string; rules: readonly DefaultRule[] }> = [
  {
    key: 'alerts.agent_defaults_seeded',
    rules: [
      { id: 'rule-agent-failing', name: 'Agent failing', kind: AGENT_ALERT_KINDS.failureRate, threshold: 0.5, windowSeconds: 900, cooldownSeconds: 1800, minSamples: 3, severity: 'critical' },
      { id: 'rule-agent-dead-letter', name: 'Agent task on the dead-letter list', kind: AGENT_ALERT_KINDS.deadLetter, threshold: 1, windowSeconds: 900, cooldownSeconds: 600, minSamples: 1, severity: 'warning' },
    ],
  },
];

/** Rules told through the desktop channel, unless a person has deleted it since. */
function seedRules(rules: RuleRepository, channels: ChannelRepository, list: readonly DefaultRule[]): void {
  const channelIds = channels.find(DESKTOP_CHANNEL_ID) ? [DESKTOP_CHANNEL_ID] : [];
  for (const rule of list) {
    if (rules.find(rule.id)) continue;
    rules.save({ ...rule, workflowId: null, channelIds, enabled: rule.enabled ?? true }, rule.id.replace(/^rule-/, ''));
  }
}

/** Creates the default rules and the desktop channel once per data dir; deleting them later is respected. */
export function seedDefaults(rules: RuleRepository, channels: ChannelRepository, values: KeyValues): void {
  if (!values.get(SEEDED)) {
    if (!channels.find(DESKTOP_CHANNEL_ID)) channels.save({ id: DESKTOP_CHANNEL_ID, name: 'Desktop notification', config: { type: 'desktop' }, enabled: true, notifyResolved: true });
    seedRules(rules, channels, DEFAULT_RULES);
    values.set(SEEDED, new Date().toISOString());
  }
  for (const { key, rules: later } of LATER_RULES) {
    if (values.get(key)) continue;
    seedRules(rules, channels, later);
    values.set(key, new Date().toISOString());
  }
}

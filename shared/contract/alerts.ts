import { z } from 'zod';
import { method } from './define';

export const AlertSeverity = z.enum(['info', 'warning', 'critical']);
export type AlertSeverity = z.infer<typeof AlertSeverity>;

/** How a measured value reads: 0.5 as "50 %", 12 as "12 runs", 90 as "1 min 30 s". */
export const AlertUnit = z.enum(['ratio', 'runs', 'seconds', 'crashes', 'checks', 'count']);
export type AlertUnit = z.infer<typeof AlertUnit>;

/**
 * A kind of rule, as the signal that measures it describes itself. Kinds are registered by the
 * services that own the data (engine, MCP, integrations, vault; agents and workers add theirs),
 * so this is a string checked against the registered kinds, not a closed list.
 */
export const AlertKindInfo = z.object({
  kind: z.string(),
  label: z.string(),
  description: z.string(),
  unit: AlertUnit,
  /** `workflow`: the rule may be scoped to one workflow (a global rule watches each one). */
  scope: z.enum(['workflow', 'global']),
  /** What one alert is about: a workflow, an MCP server, a connection, the queue. */
  subject: z.string(),
  /** False when the value is a current state (queue depth, dead letters), not counted over a window. */
  usesWindow: z.boolean(),
  defaults: z.object({ threshold: z.number(), windowSeconds: z.number().int(), cooldownSeconds: z.number().int(), minSamples: z.number().int() }),
});
export type AlertKindInfo = z.infer<typeof AlertKindInfo>;

const Id = z.string().min(1).max(64);
const Seconds = z.number().int().min(0).max(7 * 86_400);

export const AlertRuleInput = z
  .object({
    id: Id.optional(),
    name: z.string().trim().min(1, 'Name the rule.').max(120),
    kind: z.string().min(1).max(64),
    /** The workflow it lives with; absent for a global rule. */
    workflowId: Id.nullable().default(null),
    /** Fires when the measured value reaches it (with at least `minSamples` samples). */
    threshold: z.number({ error: 'The threshold is a number.' }).min(0, 'The threshold cannot be negative.').max(1e9),
    windowSeconds: Seconds.min(10, 'A window is at least 10 s.').default(900),
    /** After an alert resolves, the same rule and subject stay quiet this long. */
    cooldownSeconds: Seconds.default(900),
    minSamples: z.number().int().min(1).max(100_000).default(1),
    severity: AlertSeverity.default('warning'),
    /** Every alert goes to the inbox; these channels are told as well. */
    channelIds: z.array(Id).max(20).default([]),
    enabled: z.boolean().default(true),
  })
  .strict();
export type AlertRuleInput = z.input<typeof AlertRuleInput>;

export const AlertRule = AlertRuleInput.required({ id: true }).extend({
  /** The default rule it was shipped as, if any. */
  builtin: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Alerts of this rule firing now. */
  firing: z.number().int(),
});
export type AlertRule = z.infer<typeof AlertRule>;

const VaultName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,127}$/, 'A vault record name: letters, digits, _ . -');

export const ChannelConfig = z.discriminatedUnion('type', [
  /** A system notification (the desktop app); headless, a line in the activity log. */
  z.object({ type: z.literal('desktop') }).strict(),
  /** Through a Slack connection: `chat.postMessage` with its bot token to `channel`, else its incoming webhook. */
  z.object({ type: z.literal('slack'), connectionId: Id, channel: z.string().trim().max(80).optional() }).strict(),
  z
    .object({
      type: z.literal('email'),
      host: z.string().trim().min(1, 'The SMTP server.').max(253),
      port: z.number().int().min(1).max(65_535).default(587),
      /** `tls` from the first byte (465), `starttls` upgrades (587), `none` only on a trusted network. */
      security: z.enum(['tls', 'starttls', 'none']).default('starttls'),
      from: z.email('The sender, as name@example.com.'),
      to: z.array(z.email('A recipient, as name@example.com.')).min(1, 'At least one recipient.').max(20),
      /** A vault record of kind basic (username, password); none for a server that takes mail without login. */
      loginSecret: VaultName.optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('webhook'),
      url: z.url({ protocol: /^https?$/, error: 'An http(s) URL.' }),
      /** The vault record whose value keys the HMAC-SHA256 signature in `X-Echelon-Signature`. */
      signingSecret: VaultName,
      /** Extra headers; values may hold `{{ secrets.NAME }}`. */
      headers: z.record(z.string().regex(/^[A-Za-z0-9-]{1,64}$/), z.string().max(4096)).default({}),
    })
    .strict(),
  /** Starts a workflow from its Alert trigger with the alert as input. */
  z.object({ type: z.literal('workflow'), workflowId: Id }).strict(),
]);
export type ChannelConfig = z.input<typeof ChannelConfig>;
export type ChannelType = ChannelConfig['type'];

export const AlertChannelInput = z
  .object({
    id: Id.optional(),
    name: z.string().trim().min(1, 'Name the channel.').max(80),
    config: ChannelConfig,
    enabled: z.boolean().default(true),
    /** Also tell it when an alert resolves. */
    notifyResolved: z.boolean().default(true),
  })
  .strict();
export type AlertChannelInput = z.input<typeof AlertChannelInput>;

export const Delivery = z.object({
  channelId: z.string(),
  channelName: z.string(),
  event: z.enum(['fired', 'resolved', 'test', 'digest']),
  at: z.string(),
  ok: z.boolean(),
  error: z.string().nullable(),
});
export type Delivery = z.infer<typeof Delivery>;

export const AlertChannel = AlertChannelInput.required({ id: true }).extend({
  createdAt: z.string(),
  updatedAt: z.string(),
  lastDelivery: Delivery.nullable(),
});
export type AlertChannel = z.infer<typeof AlertChannel>;

export const Alert = z.object({
  id: z.number().int(),
  ruleId: z.string(),
  ruleName: z.string(),
  kind: z.string(),
  severity: AlertSeverity,
  subjectKey: z.string(),
  subjectName: z.string(),
  workflowId: z.string().nullable(),
  title: z.string(),
  message: z.string(),
  unit: AlertUnit,
  /** The value when it fired, the highest seen while firing, and the threshold then. */
  value: z.number(),
  peak: z.number(),
  threshold: z.number(),
  firedAt: z.string(),
  resolvedAt: z.string().nullable(),
  readAt: z.string().nullable(),
  deliveries: z.array(Delivery),
});
export type Alert = z.infer<typeof Alert>;

export const HealthFigure = z.object({
  kind: z.string(),
  label: z.string(),
  unit: AlertUnit,
  value: z.number(),
  samples: z.number().int(),
  windowSeconds: z.number().int(),
  /** The rule that watches this figure for this workflow (its own rule first, else the global one). */
  rule: z.object({ id: z.string(), name: z.string(), threshold: z.number(), minSamples: z.number().int(), enabled: z.boolean() }).nullable(),
  /** At or past the rule's threshold, with enough samples: shown red, linked to the rule. */
  breaching: z.boolean(),
  firingAlertId: z.number().int().nullable(),
});
export type HealthFigure = z.infer<typeof HealthFigure>;

export const WorkflowHealth = z.object({
  workflowId: z.string(),
  workflowName: z.string(),
  status: z.enum(['healthy', 'failing', 'idle']),
  figures: z.array(HealthFigure),
  /** Runs per hour over the last 24 hours, oldest first. */
  hourly: z.array(z.object({ hour: z.string(), succeeded: z.number().int(), failed: z.number().int() })),
  recentFailures: z.array(z.object({ executionId: z.number().int(), at: z.string(), message: z.string(), nodeName: z.string().nullable() })),
  firing: z.array(Alert),
});
export type WorkflowHealth = z.infer<typeof WorkflowHealth>;

export const WorkflowHealthRow = z.object({
  workflowId: z.string(),
  workflowName: z.string(),
  status: WorkflowHealth.shape.status,
  runs: z.number().int(),
  failureRate: z.number(),
  p95Seconds: z.number(),
  deadLetters: z.number().int(),
  firing: z.number().int(),
});
export type WorkflowHealthRow = z.infer<typeof WorkflowHealthRow>;

const AlertStatusFilter = z.enum(['firing', 'resolved', 'all']);

export const alertsMethods = {
  'alerts.list': method({
    description: 'Alert history, newest first: firing or resolved, searched in titles, messages, rules and subjects.',
    input: z
      .object({
        status: AlertStatusFilter.default('all'),
        search: z.string().max(200).optional(),
        severity: AlertSeverity.optional(),
        workflowId: Id.optional(),
        ruleId: Id.optional(),
        unread: z.boolean().optional(),
        limit: z.number().int().min(1).max(500).default(50),
        before: z.number().int().min(1).optional(),
      })
      .strict(),
    output: z.object({ items: z.array(Alert), nextBefore: z.number().int().optional() }),
    reads: ['alerts', 'alert_deliveries'],
  }),
  'alerts.summary': method({
    description: 'Counts for the sidebar and dashboard: alerts firing (by severity) and unread.',
    input: z.object({}).strict(),
    output: z.object({ firing: z.number().int(), unread: z.number().int(), critical: z.number().int(), warning: z.number().int(), info: z.number().int() }),
    reads: ['alerts'],
  }),
  'alerts.markRead': method({
    description: 'Marks alerts as read in the inbox (some, or all).',
    input: z.object({ ids: z.array(z.number().int()).max(500).optional(), all: z.boolean().optional() }).strict(),
    output: z.object({ updated: z.number().int() }),
  }),
  'alerts.evaluate': method({
    description: 'Evaluates every rule now rather than at the next tick.',
    input: z.object({}).strict(),
    output: z.object({ fired: z.number().int(), resolved: z.number().int() }),
  }),
  'alerts.kinds': method({
    description: 'The kinds of rule this Echelon can evaluate, with their units and defaults.',
    input: z.object({}).strict(),
    output: z.array(AlertKindInfo),
  }),
  'alerts.rules.list': method({
    description: 'Alert rules, global and per workflow.',
    input: z.object({ workflowId: Id.optional() }).strict(),
    output: z.array(AlertRule),
    reads: ['alert_rules', 'alerts'],
  }),
  'alerts.rules.save': method({
    description: 'Creates a rule, or changes the one with this id.',
    input: AlertRuleInput,
    output: AlertRule,
  }),
  'alerts.rules.delete': method({
    description: 'Deletes a rule; its alerts stay in the history (a firing one resolves).',
    input: z.object({ id: Id }).strict(),
    output: z.object({ deleted: z.boolean() }),
  }),
  'alerts.channels.list': method({
    description: 'Where alerts go besides the inbox, with each one’s last delivery.',
    input: z.object({}).strict(),
    output: z.array(AlertChannel),
    reads: ['alert_channels', 'alert_deliveries'],
  }),
  'alerts.channels.save': method({
    description: 'Creates a channel, or changes the one with this id. Secrets are vault record names, never values.',
    input: AlertChannelInput,
    output: AlertChannel,
  }),
  'alerts.channels.delete': method({
    description: 'Deletes a channel and takes it off every rule.',
    input: z.object({ id: Id }).strict(),
    output: z.object({ deleted: z.boolean() }),
  }),
  'alerts.channels.test': method({
    description: 'Sends a test alert through one channel and says whether it arrived.',
    input: z.object({ id: Id }).strict(),
    output: z.object({ ok: z.boolean(), error: z.string().nullable(), durationMs: z.number() }),
  }),
  'alerts.health': method({
    description: 'One workflow’s health: failure rate, failures, p95 duration, dead letters, each against the rule watching it.',
    input: z.object({ workflowId: Id }).strict(),
    output: WorkflowHealth,
    reads: ['executions', 'alerts', 'alert_rules', 'workflows'],
  }),
  'alerts.healthOverview': method({
    description: 'Every workflow’s health at a glance, failing ones first.',
    input: z.object({}).strict(),
    output: z.array(WorkflowHealthRow),
    reads: ['executions', 'alerts', 'alert_rules', 'workflows'],
  }),
};

export const alertsEvents = {
  /** An alert fired: the renderer shows it at once (toast, badge). */
  'alerts.fired': z.object({ id: z.number().int(), title: z.string(), severity: AlertSeverity, message: z.string() }),
  'alerts.resolved': z.object({ id: z.number().int(), title: z.string() }),
};

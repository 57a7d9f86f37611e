import { z } from 'zod';
import { method } from './define';

export const LogLevel = z.enum(['debug', 'info', 'warn', 'error']);
export type LogLevel = z.infer<typeof LogLevel>;

/** One line of `<data dir>/logs/echelon.log`: JSON, already redacted when written. */
export const LogEntry = z.object({
  at: z.string(),
  level: LogLevel,
  source: z.string(),
  message: z.string(),
  /** Correlation ids, when the line concerns one. */
  executionId: z.number().int().optional(),
  workflowId: z.string().optional(),
  step: z.string().optional(),
  agentTaskId: z.string().optional(),
  /** Every other field of the line. */
  fields: z.record(z.string(), z.unknown()),
});
export type LogEntry = z.infer<typeof LogEntry>;

export const LogFilter = z
  .object({
    /** The least severe level shown. */
    level: LogLevel.default('debug'),
    source: z.string().max(64).optional(),
    search: z.string().max(200).optional(),
    executionId: z.number().int().min(1).optional(),
    agentTaskId: z.string().max(64).optional(),
  })
  .strict();
export type LogFilter = z.input<typeof LogFilter>;

export const CrashReport = z.object({
  id: z.string(),
  at: z.string(),
  /** `uncaughtException`, `unhandledRejection`, or what the shell that reported it calls it. */
  kind: z.string(),
  message: z.string(),
  stack: z.string().nullable(),
  shell: z.string(),
  version: z.string(),
  pid: z.number().int(),
  /** What was going on: running executions, the last log lines (all redacted). */
  context: z.record(z.string(), z.unknown()),
  seenAt: z.string().nullable(),
});
export type CrashReport = z.infer<typeof CrashReport>;

/** `{{ secrets.NAME }}` references are kept as written; values are resolved only when exporting. */
const Headers = z.record(z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'A header name: letters, digits and dashes.'), z.string().max(4096));

export const TracingSettings = z
  .object({
    enabled: z.boolean(),
    /** The collector's base URL (`/v1/traces` is added), or the full traces URL. */
    endpoint: z.url({ protocol: /^https?$/, error: 'An http(s) URL, such as http://127.0.0.1:4318.' }).nullable(),
    headers: Headers,
    /** Share of executions traced, 0..1. */
    sampleRatio: z.number().min(0).max(1),
    /** At most this many new traces a second (0: no limit): cheap tracing under heavy load. */
    maxTracesPerSecond: z.number().int().min(0).max(100_000),
  })
  .strict();
export type TracingSettings = z.infer<typeof TracingSettings>;

export const TelemetryStatus = z.object({
  tracing: TracingSettings.extend({
    /** Where the effective endpoint came from: the settings here, or `OTEL_EXPORTER_OTLP_*`. */
    source: z.enum(['settings', 'environment', 'none']),
    effectiveEndpoint: z.string().nullable(),
    /** `exporting`, `off`, or why it cannot export (vault locked, no endpoint). */
    state: z.enum(['off', 'exporting', 'error']),
    problem: z.string().nullable(),
    exported: z.number().int(),
    failedExports: z.number().int(),
  }),
  metrics: z.object({
    path: z.literal('/metrics'),
    /** A scrape token is set here (only its hash is kept) or by `ECHELON_METRICS_TOKEN`. */
    scrapeToken: z.enum(['none', 'settings', 'environment']),
    series: z.number().int(),
  }),
});
export type TelemetryStatus = z.infer<typeof TelemetryStatus>;

export const observabilityMethods = {
  'logs.query': method({
    description: 'Log lines, newest first, filtered by level, source, text and correlation ids; `cursor` pages on.',
    input: LogFilter.extend({ limit: z.number().int().min(1).max(1000).default(200), cursor: z.string().max(64).optional() }).strict(),
    output: z.object({ entries: z.array(LogEntry), nextCursor: z.string().optional(), sources: z.array(z.string()) }),
  }),
  'logs.export': method({
    description: 'The matching log lines as a JSON-lines file, oldest first (up to 100,000 lines).',
    input: LogFilter,
    output: z.object({ fileName: z.string(), content: z.string(), lines: z.number().int(), truncated: z.boolean() }),
  }),
  'diagnostics.crashes': method({
    description: 'Crashes and unhandled errors captured by earlier runs, newest first; unseen ones are shown at start.',
    input: z.object({ unseenOnly: z.boolean().default(false) }).strict(),
    output: z.array(CrashReport),
    reads: ['crash_reports'],
  }),
  'diagnostics.crashes.dismiss': method({
    description: 'Marks crash reports as seen (one, or all).',
    input: z.object({ id: z.string().max(64).optional() }).strict(),
    output: z.object({ dismissed: z.number().int() }),
  }),
  'telemetry.get': method({
    description: 'OpenTelemetry tracing settings and state, and how Prometheus scrapes /metrics.',
    input: z.object({}).strict(),
    output: TelemetryStatus,
    reads: ['observability_settings'],
  }),
  'telemetry.update': method({
    description: 'Changes the tracing settings; the exporter restarts with them.',
    input: TracingSettings.partial().strict(),
    output: TelemetryStatus,
  }),
  'telemetry.tracing.test': method({
    description: 'Exports one test span to the configured collector and says whether it was accepted.',
    input: z.object({}).strict(),
    output: z.object({ ok: z.boolean(), error: z.string().nullable(), endpoint: z.string().nullable() }),
  }),
  'telemetry.metrics.rotateToken': method({
    description: 'A new scrape token for /metrics (shown once; only its hash is kept). The serve token keeps working too.',
    input: z.object({}).strict(),
    output: z.object({ token: z.string() }),
  }),
  'telemetry.metrics.clearToken': method({
    description: 'Forgets the scrape token: /metrics then takes the serve token only.',
    input: z.object({}).strict(),
    output: z.object({ cleared: z.boolean() }),
  }),
};

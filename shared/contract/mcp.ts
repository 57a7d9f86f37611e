import { z } from 'zod';
import { method } from './define';

/**
 * Server names become the prefix of gateway tool names (`server__tool`), so they hold no
 * double underscore and do not end with one: the first `__` always splits them apart.
 */
export const ServerName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/, 'Use 1 to 63 letters, digits, "-" or "_", starting with a letter or digit.')
  .refine((name) => !name.includes('__') && !name.endsWith('_'), 'A server name may not contain "__" or end with "_": the gateway uses "__" to join server and tool names.');

export const ServerStatus = z.enum(['stopped', 'starting', 'running', 'degraded', 'crashed', 'backoff']);
export type ServerStatus = z.infer<typeof ServerStatus>;

/** A string value that may hold `{{ secrets.NAME }}` references, resolved only at spawn or connect time. */
const Templated = z.string().max(8192);

export const StdioTransport = z.object({
  type: z.literal('stdio'),
  command: z.string().trim().min(1, 'The command is empty.').max(4096),
  args: z.array(z.string().max(8192)).max(256).default([]),
  cwd: z.string().max(4096).optional(),
  env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'Environment variable names use letters, digits and "_".'), Templated).default({}),
});

export const HttpTransport = z.object({
  type: z.literal('http'),
  url: z.url({ protocol: /^https?$/, error: 'Use an http:// or https:// URL.' }),
  headers: z.record(z.string().regex(/^[A-Za-z0-9-]+$/, 'Header names use letters, digits and "-".'), Templated).default({}),
});

/** A stdio server started on another machine through an SSH connection (Integrations), spoken to over the SSH channel. */
export const SshTransport = StdioTransport.extend({
  type: z.literal('ssh'),
  /** The SSH connection's name: its host, user, key and jump hosts. */
  connection: z.string().trim().min(1, 'Choose the SSH connection to run it through.').max(80),
});

export const ServerTransport = z.discriminatedUnion('type', [StdioTransport, HttpTransport, SshTransport]);
export type ServerTransport = z.infer<typeof ServerTransport>;

/** How a server starts, in one line: its command (and where it runs), or its URL. */
export function launchLine(transport: ServerTransport): string {
  if (transport.type === 'http') return transport.url;
  const command = [transport.command, ...transport.args].join(' ');
  return transport.type === 'ssh' ? `${command} (on "${transport.connection}" over SSH)` : command;
}

export const ServerAuth = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }),
  z.object({ type: z.literal('bearer'), token: Templated }),
  z.object({ type: z.literal('basic'), username: Templated, password: Templated }),
]);
export type ServerAuth = z.infer<typeof ServerAuth>;

export const RestartPolicy = z.object({
  /** `on-failure` restarts after a crash with exponential backoff; `never` leaves it crashed. */
  mode: z.enum(['on-failure', 'never']).default('on-failure'),
  /** The crash-loop breaker: this many crashes within `windowSeconds` stop the retries. */
  maxCrashes: z.number().int().min(1).max(100).default(5),
  windowSeconds: z.number().int().min(1).max(86_400).default(60),
  initialBackoffMs: z.number().int().min(10).max(600_000).default(1000),
  maxBackoffMs: z.number().int().min(10).max(3_600_000).default(30_000),
});
export type RestartPolicy = z.infer<typeof RestartPolicy>;

export const ServerDefinition = z.object({
  name: ServerName,
  description: z.string().max(1000).optional(),
  transport: ServerTransport,
  auth: ServerAuth.default({ type: 'none' }),
  enabled: z.boolean().default(true),
  autoStart: z.boolean().default(false),
  restart: RestartPolicy.default(RestartPolicy.parse({})),
  /** How long the process may take to answer the MCP handshake. */
  startTimeoutMs: z.number().int().min(500).max(600_000).default(30_000),
  /** How often `ping` checks health; 0 turns health checks off. */
  healthIntervalMs: z.number().int().min(0).max(86_400_000).default(30_000),
  disabledTools: z.array(z.string().max(256)).max(1000).default([]),
  tags: z.array(z.string().trim().min(1).max(64)).max(32).default([]),
});
export type ServerDefinition = z.infer<typeof ServerDefinition>;
export type ServerDefinitionInput = z.input<typeof ServerDefinition>;

export const TransportKind = z.enum(['stdio', 'streamable-http', 'sse', 'ssh']);

export const HealthSnapshot = z.object({
  at: z.string(),
  ok: z.boolean(),
  latencyMs: z.number().nullable(),
  error: z.string().nullable(),
});
export type HealthSnapshot = z.infer<typeof HealthSnapshot>;

export const ServerRuntime = z.object({
  status: ServerStatus,
  pid: z.number().int().nullable(),
  /** When the current run reached `running`. */
  startedAt: z.string().nullable(),
  /** Automatic restarts since Echelon started. */
  restarts: z.number().int(),
  lastError: z.string().nullable(),
  /** When the next automatic start is due (in `backoff`). */
  nextRetryAt: z.string().nullable(),
  connectedOver: TransportKind.nullable(),
  serverInfo: z.object({ name: z.string(), version: z.string() }).nullable(),
  toolCount: z.number().int(),
  lastHealth: HealthSnapshot.nullable(),
});
export type ServerRuntime = z.infer<typeof ServerRuntime>;

export const ServerSummary = ServerDefinition.extend({
  id: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  runtime: ServerRuntime,
});
export type ServerSummary = z.infer<typeof ServerSummary>;

/** What the Integrations gallery lists for each MCP server. */
export const ServerOverview = z.object({
  name: z.string(),
  description: z.string().optional(),
  transport: z.enum(['stdio', 'http', 'ssh']),
  status: ServerStatus,
  toolCount: z.number().int(),
  tags: z.array(z.string()),
});
export type ServerOverview = z.infer<typeof ServerOverview>;

const JsonObject = z.record(z.string(), z.unknown());

export const ToolInfo = z.object({
  name: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  inputSchema: JsonObject,
  outputSchema: JsonObject.optional(),
  annotations: JsonObject.optional(),
  /** False when switched off in Echelon: hidden from the gateway and refused when called. */
  enabled: z.boolean(),
});
export type ToolInfo = z.infer<typeof ToolInfo>;

export const ResourceInfo = z.object({
  uri: z.string(),
  name: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  mimeType: z.string().optional(),
});

export const ResourceTemplateInfo = z.object({
  uriTemplate: z.string(),
  name: z.string(),
  description: z.string().optional(),
  mimeType: z.string().optional(),
});

export const PromptInfo = z.object({
  name: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  arguments: z.array(z.object({ name: z.string(), description: z.string().optional(), required: z.boolean().optional() })).default([]),
});
export type PromptInfo = z.infer<typeof PromptInfo>;

export const Catalog = z.object({
  server: z.string(),
  fetchedAt: z.string().nullable(),
  tools: z.array(ToolInfo),
  resources: z.array(ResourceInfo),
  resourceTemplates: z.array(ResourceTemplateInfo),
  prompts: z.array(PromptInfo),
});
export type Catalog = z.infer<typeof Catalog>;

export const ResourceContents = z.object({
  uri: z.string(),
  mimeType: z.string().optional(),
  text: z.string().optional(),
  blob: z.string().optional(),
});

/** The content blocks of MCP results; unknown future kinds pass through with their `type`. */
export const ContentBlock = z.union([
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({ type: z.literal('image'), data: z.string(), mimeType: z.string() }),
  z.object({ type: z.literal('audio'), data: z.string(), mimeType: z.string() }),
  z.object({ type: z.literal('resource_link'), uri: z.string(), name: z.string(), description: z.string().optional(), mimeType: z.string().optional() }),
  z.object({ type: z.literal('resource'), resource: ResourceContents }),
  z.looseObject({ type: z.string() }),
]);
export type ContentBlock = z.infer<typeof ContentBlock>;

export const CallToolResult = z.object({
  content: z.array(ContentBlock).default([]),
  structuredContent: JsonObject.optional(),
  isError: z.boolean().optional(),
});
export type CallToolResult = z.infer<typeof CallToolResult>;

/** Who made a call: recorded in the call journal. */
export const CallerName = z.enum(['renderer', 'cli', 'gateway', 'workflow', 'test']);

export const CallStatus = z.enum(['ok', 'error', 'cancelled']);

export const JournalEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  caller: CallerName,
  server: z.string(),
  tool: z.string(),
  /** As called, with every vault value redacted. */
  arguments: z.unknown(),
  status: CallStatus,
  /** The tool answered with `isError: true`. */
  isError: z.boolean(),
  error: z.string().nullable(),
  durationMs: z.number(),
  resultBytes: z.number().int(),
  resultPreview: z.string().nullable(),
});
export type JournalEntry = z.infer<typeof JournalEntry>;

export const StderrLine = z.object({ seq: z.number().int(), at: z.string(), text: z.string() });
export type StderrLine = z.infer<typeof StderrLine>;

export const ImportFormat = z.enum(['claude-desktop', 'cursor', 'vscode']);
export type ImportFormat = z.infer<typeof ImportFormat>;

const ImportSource = z.union([
  z.object({ text: z.string().max(1_000_000), fileName: z.string().max(4096).optional() }).strict(),
  z.object({ candidate: z.string().max(4096) }).strict(),
]);

export const ImportPlanEntry = z.object({
  name: z.string(),
  /** The name in the file, when it had to be changed to be a valid server name. */
  originalName: z.string(),
  action: z.enum(['import', 'skip']),
  reason: z.string().optional(),
  /** How it starts, in one line (`npx -y @modelcontextprotocol/server-github`, or the URL). */
  launch: z.string(),
  warnings: z.array(z.string()),
  /** Literal values that move into the vault, replaced by references. Values are never shown. */
  secretsToVault: z.array(z.object({ field: z.string(), secretName: z.string(), existsInVault: z.boolean().nullable() })),
  /** References the server needs that the vault does not hold yet (VS Code `inputs`, for example). */
  missingSecrets: z.array(z.object({ secretName: z.string(), description: z.string().optional() })),
});
export type ImportPlanEntry = z.infer<typeof ImportPlanEntry>;

export const ImportPlan = z.object({
  format: ImportFormat,
  source: z.string(),
  servers: z.array(ImportPlanEntry),
  warnings: z.array(z.string()),
});
export type ImportPlan = z.infer<typeof ImportPlan>;

export const ImportResult = z.object({
  format: ImportFormat,
  imported: z.array(z.string()),
  skipped: z.array(z.object({ name: z.string(), reason: z.string() })),
  secretsStored: z.array(z.string()),
  warnings: z.array(z.string()),
});
export type ImportResult = z.infer<typeof ImportResult>;

export const ImportCandidate = z.object({ path: z.string(), format: ImportFormat, label: z.string(), serverCount: z.number().int() });

export const LaunchCommand = z.object({
  command: z.string(),
  args: z.array(z.string()),
  /** Set for the launched process, e.g. the SQLite driver of a development build of the desktop app. Never secrets. */
  env: z.record(z.string(), z.string()).optional(),
});
export type LaunchCommand = z.infer<typeof LaunchCommand>;

export const GatewayInfo = z.object({
  /** The streamable HTTP endpoint on 127.0.0.1, when this Echelon serves one (its token is not shown here). */
  httpUrl: z.string().nullable(),
  stdio: LaunchCommand,
  toolCount: z.number().int(),
  serverCount: z.number().int(),
});

const ServerRef = z.object({ name: z.string().min(1).max(63) }).strict();

/** Runtime state is not a table, but reads and writes of it invalidate queries as if it were. */
export const MCP_RUNTIME = 'mcp_runtime';

export const mcpMethods = {
  'mcp.servers.list': method({
    description: 'Every MCP server with its definition and live runtime state.',
    input: z.object({}).strict(),
    output: z.array(ServerSummary),
    reads: ['mcp_servers', MCP_RUNTIME],
  }),
  'mcp.servers.overview': method({
    description: 'Name, status and tool count of every MCP server (for galleries and dashboards).',
    input: z.object({}).strict(),
    output: z.array(ServerOverview),
    reads: ['mcp_servers', MCP_RUNTIME],
  }),
  'mcp.servers.get': method({
    description: 'One MCP server by name.',
    input: ServerRef,
    output: ServerSummary,
    reads: ['mcp_servers', MCP_RUNTIME],
  }),
  'mcp.servers.add': method({
    description: 'Add a server definition. Secret-looking literal env values and headers move into the vault.',
    input: z.object({ definition: ServerDefinition }).strict(),
    output: ServerSummary,
  }),
  'mcp.servers.update': method({
    description: 'Change a server definition; a running server keeps its old settings until restarted.',
    input: z.object({ name: z.string().min(1).max(63), changes: ServerDefinition.partial() }).strict(),
    output: ServerSummary,
  }),
  'mcp.servers.remove': method({
    description: 'Stop a server and delete its definition, logs and health history (the call journal is kept).',
    input: ServerRef,
    output: z.object({ removed: z.boolean() }),
  }),
  'mcp.servers.start': method({
    description: 'Start a server and wait until it answers the MCP handshake.',
    input: ServerRef,
    output: ServerSummary,
  }),
  'mcp.servers.stop': method({
    description: 'Stop a server and kill its whole process tree.',
    input: ServerRef,
    output: ServerSummary,
  }),
  'mcp.servers.restart': method({
    description: 'Stop then start a server (also clears a tripped crash-loop breaker).',
    input: ServerRef,
    output: ServerSummary,
  }),
  'mcp.servers.logs': method({
    description: 'The last lines the server wrote to stderr (kept across restarts), optionally filtered.',
    input: z.object({ name: z.string().min(1).max(63), search: z.string().max(200).optional(), limit: z.number().int().min(1).max(5000).default(500) }).strict(),
    output: z.array(StderrLine),
    reads: ['mcp_stderr'],
  }),
  'mcp.servers.health': method({
    description: 'Recent ping health checks of a server, with success rate and median latency.',
    input: z.object({ name: z.string().min(1).max(63), limit: z.number().int().min(1).max(1000).default(100) }).strict(),
    output: z.object({ checks: z.array(HealthSnapshot), successRate: z.number().nullable(), p50LatencyMs: z.number().nullable() }),
    reads: ['mcp_health'],
  }),
  'mcp.catalog': method({
    description: 'Tools, resources, resource templates and prompts of a running server.',
    input: ServerRef,
    output: Catalog,
    reads: ['mcp_servers', MCP_RUNTIME],
  }),
  'mcp.tools.setEnabled': method({
    description: 'Switch one tool of a server on or off (off: hidden from the gateway and refused).',
    input: z.object({ server: z.string().min(1).max(63), tool: z.string().min(1).max(256), enabled: z.boolean() }).strict(),
    output: ServerSummary,
  }),
  'mcp.tools.call': method({
    description: 'Call a tool and return its CallToolResult; every call is journaled. Pass a callId to receive progress and to cancel.',
    input: z
      .object({
        server: z.string().min(1).max(63),
        tool: z.string().min(1).max(256),
        arguments: z.record(z.string(), z.unknown()).default({}),
        callId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional(),
        timeoutMs: z.number().int().min(100).max(3_600_000).optional(),
      })
      .strict(),
    output: z.object({ durationMs: z.number(), result: CallToolResult }),
  }),
  'mcp.calls.cancel': method({
    description: 'Cancel a tool call in flight by its callId.',
    input: z.object({ callId: z.string().min(1).max(64) }).strict(),
    output: z.object({ cancelled: z.boolean() }),
  }),
  'mcp.resources.read': method({
    description: 'Read a resource of a running server.',
    input: z.object({ server: z.string().min(1).max(63), uri: z.string().min(1).max(4096) }).strict(),
    output: z.object({ contents: z.array(ResourceContents) }),
  }),
  'mcp.prompts.get': method({
    description: 'Get a prompt of a running server, with its arguments filled in.',
    input: z.object({ server: z.string().min(1).max(63), prompt: z.string().min(1).max(256), arguments: z.record(z.string(), z.string()).default({}) }).strict(),
    output: z.object({ description: z.string().optional(), messages: z.array(z.object({ role: z.string(), content: ContentBlock })) }),
  }),
  'mcp.journal.list': method({
    description: 'The call journal, newest first, filtered by server, tool, caller, status or text.',
    input: z
      .object({
        server: z.string().max(63).optional(),
        tool: z.string().max(256).optional(),
        caller: CallerName.optional(),
        status: CallStatus.optional(),
        search: z.string().max(200).optional(),
        beforeId: z.number().int().optional(),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
    output: z.array(JournalEntry),
    reads: ['mcp_calls'],
  }),
  'mcp.import.candidates': method({
    description: 'Config files of Claude Desktop, Cursor and VS Code found on this machine.',
    input: z.object({}).strict(),
    output: z.array(ImportCandidate),
  }),
  'mcp.import.preview': method({
    description: 'What importing a config would do: servers to add, secrets moving to the vault, what is skipped and why.',
    input: ImportSource,
    output: ImportPlan,
    reads: ['mcp_servers'],
  }),
  'mcp.import.apply': method({
    description: 'Import a config: add its servers, move literal secrets into the vault, skip duplicates.',
    input: ImportSource,
    output: ImportResult,
  }),
  'mcp.export': method({
    description: 'A Claude Desktop, Cursor or VS Code config whose one entry is the Echelon gateway.',
    input: z
      .object({
        target: ImportFormat.default('claude-desktop'),
        entryName: ServerName.default('echelon'),
        /** The user's current config: its other settings and unmanaged servers are kept. */
        merge: z.record(z.string(), z.unknown()).optional(),
      })
      .strict(),
    output: z.object({ config: z.record(z.string(), z.unknown()), json: z.string() }),
  }),
  'mcp.gateway.info': method({
    description: 'How AI clients reach the gateway, and how many tools it exposes.',
    input: z.object({}).strict(),
    output: GatewayInfo,
    reads: [MCP_RUNTIME, 'mcp_servers'],
  }),
};

export const mcpEvents = {
  /** Progress of a tool call started with a callId. */
  'mcp.call.progress': z.object({ callId: z.string(), progress: z.number(), total: z.number().optional(), message: z.string().optional() }),
};

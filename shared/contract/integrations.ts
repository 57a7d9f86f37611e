import { z } from 'zod';
import { AuthSettings, AuthType } from '../integrations/connection-auth';
import { JsonSchema, PluginInfo, SecretSlot } from '../integrations/manifest';
import { method } from './define';
import { MCP_RUNTIME } from './mcp';

export const ConnectionStatus = z.enum(['configuring', 'testing', 'connected', 'error', 'disconnected']);
export type ConnectionStatus = z.infer<typeof ConnectionStatus>;

const RateLimitSetting = z.object({ requestsPerSecond: z.number().positive().max(10_000), burst: z.number().int().min(1).max(10_000) });
const CacheTtlSeconds = z.number().int().min(0).max(86_400);
const HealthInterval = z.number().int().min(1).max(86_400);
/** A next page (Link header, cursor URL) on another origin than the page that named it: refused, or fetched without the connection's credentials. */
export const CrossOriginPages = z.enum(['refuse', 'without_credentials']);

export const ConnectionSettings = z.object({
  /** Overrides the manifest's token bucket for this connection. */
  rateLimit: RateLimitSetting.optional(),
  /** Caches successful GETs this long; 0 turns the cache off. */
  cacheTtlSeconds: CacheTtlSeconds.default(0),
  healthChecks: z.boolean().default(true),
  healthCheckIntervalSeconds: HealthInterval.default(30),
  crossOriginPages: CrossOriginPages.default('refuse'),
});
/** A change to some settings; `rateLimit: null` goes back to the manifest's limit. */
export const ConnectionSettingsPatch = z
  .object({ rateLimit: RateLimitSetting.nullable(), cacheTtlSeconds: CacheTtlSeconds, healthChecks: z.boolean(), healthCheckIntervalSeconds: HealthInterval, crossOriginPages: CrossOriginPages })
  .partial()
  .strict();
export type ConnectionSettings = z.infer<typeof ConnectionSettings>;

const ConnectionName = z.string().trim().min(1, 'Give the connection a name').max(80);

export const Connection = z.object({
  id: z.string(),
  pluginId: z.string(),
  pluginVersion: z.string(),
  name: z.string(),
  status: ConnectionStatus,
  statusMessage: z.string().nullable(),
  config: z.record(z.string(), z.unknown()),
  /** Secret fields hold vault references only. */
  auth: AuthSettings,
  /** Connection secret slots, as vault references. */
  secrets: z.record(z.string(), z.string()),
  settings: ConnectionSettings,
  createdAt: z.string(),
  updatedAt: z.string(),
  lastCheckedAt: z.string().nullable(),
  lastResponseMs: z.number().nullable(),
});
export type Connection = z.infer<typeof Connection>;

export const HealthSample = z.object({
  at: z.string(),
  ok: z.boolean(),
  responseMs: z.number(),
  httpStatus: z.number().int().nullable(),
  error: z.string().nullable(),
});
export type HealthSample = z.infer<typeof HealthSample>;

export const ConnectionEventLevel = z.enum(['info', 'warn', 'error']);
export const ConnectionEvent = z.object({
  id: z.number().int(),
  at: z.string(),
  level: ConnectionEventLevel,
  kind: z.string(),
  message: z.string(),
});
export type ConnectionEvent = z.infer<typeof ConnectionEvent>;

export const GalleryType = z.enum(['api', 'mcp']);
export type GalleryType = z.infer<typeof GalleryType>;

/** One tile of the gallery: an API integration, or (merged in by the MCP service) an MCP server. */
export const GalleryEntry = z.object({
  key: z.string(),
  type: GalleryType,
  id: z.string(),
  name: z.string(),
  description: z.string(),
  category: z.string(),
  icon: z.string(),
  versions: z.array(z.string()),
  connections: z.number().int(),
  connected: z.boolean(),
  /** The most telling status among its connections (error before connected). */
  status: ConnectionStatus.nullable(),
});
export type GalleryEntry = z.infer<typeof GalleryEntry>;

export const Gallery = z.object({ entries: z.array(GalleryEntry), categories: z.array(z.string()) });

export const AuthForm = z.object({
  type: AuthType,
  label: z.string(),
  /** JSON Schema of the fields this method asks for, defaults from the manifest filled in. */
  schema: JsonSchema,
  /** Fields holding a secret: typed values go to the vault; `{{ secrets.NAME }}` names an existing record. */
  secretFields: z.array(z.string()),
});

export const PluginForm = z.object({ plugin: PluginInfo, authForms: z.array(AuthForm), connectionSecrets: z.array(SecretSlot) });
export type PluginForm = z.infer<typeof PluginForm>;

export const TestResult = z.object({
  ok: z.boolean(),
  responseMs: z.number(),
  httpStatus: z.number().int().nullable(),
  error: z.string().nullable(),
  status: ConnectionStatus,
});
export type TestResult = z.infer<typeof TestResult>;

const Id = z.object({ id: z.string().min(1) }).strict();

/** Auth as typed in the dialog: secret fields hold new values or `{{ secrets.NAME }}`. */
const AuthInput = z.object({ type: AuthType }).loose();

const ConnectionInput = {
  name: ConnectionName,
  config: z.record(z.string(), z.unknown()).default({}),
  auth: AuthInput,
  secrets: z.record(z.string(), z.string()).default({}),
  settings: ConnectionSettingsPatch.default({}),
};

const CONNECTION_TABLES = ['integration_connections'] as const;

export const integrationsMethods = {
  'integrations.gallery': method({
    description: 'The integration gallery, searched and filtered, connected entries first.',
    input: z
      .object({
        search: z.string().max(200).default(''),
        category: z.string().max(100).optional(),
        type: z.enum(['all', 'api', 'mcp']).default('all'),
      })
      .strict(),
    output: Gallery,
    // MCP servers are tiles too (type "mcp"): their definitions and live status.
    reads: [...CONNECTION_TABLES, 'mcp_servers', MCP_RUNTIME],
  }),
  'integrations.plugins': method({
    description: 'Every integration (newest version of each) with its actions and their parameter schemas.',
    input: z.object({}).strict(),
    output: z.array(PluginInfo),
  }),
  'integrations.plugin': method({
    description: 'One integration version and the connection dialog generated from its manifest.',
    input: z.object({ id: z.string().min(1), version: z.string().optional() }).strict(),
    output: PluginForm,
  }),
  'integrations.connections.list': method({
    description: 'Every connection, optionally of one integration.',
    input: z.object({ pluginId: z.string().optional() }).strict(),
    output: z.array(Connection),
    reads: CONNECTION_TABLES,
  }),
  'integrations.connections.get': method({
    description: 'One connection.',
    input: Id,
    output: Connection,
    reads: CONNECTION_TABLES,
  }),
  'integrations.connections.create': method({
    description: 'Create a connection; typed secrets go to the vault and the connection keeps references.',
    input: z.object({ pluginId: z.string().min(1), version: z.string().optional(), ...ConnectionInput }).strict(),
    output: Connection,
  }),
  'integrations.connections.update': method({
    description: 'Change a connection; fields left out keep their value.',
    input: z
      .object({
        id: z.string().min(1),
        name: ConnectionName.optional(),
        config: z.record(z.string(), z.unknown()).optional(),
        auth: AuthInput.optional(),
        secrets: z.record(z.string(), z.string()).optional(),
        settings: ConnectionSettingsPatch.optional(),
      })
      .strict(),
    output: Connection,
  }),
  'integrations.connections.delete': method({
    description: 'Delete a connection with its health metrics and event log (vault records stay).',
    input: Id,
    output: z.object({ deleted: z.boolean() }),
  }),
  'integrations.connections.test': method({
    description: "Run the integration's health check now and record the response time.",
    input: Id,
    output: TestResult,
  }),
  'integrations.connections.disconnect': method({
    description: 'Stop using a connection and its health checks until it is tested again.',
    input: Id,
    output: Connection,
  }),
  'integrations.connections.authorize': method({
    description: 'Start the OAuth 2.0 authorization code flow in the system browser; the connection updates when it completes.',
    input: Id,
    output: z.object({ authorizationUrl: z.string() }),
  }),
  'integrations.connections.health': method({
    description: 'Recent health-check samples of a connection, oldest first.',
    input: z.object({ id: z.string().min(1), limit: z.number().int().min(1).max(2000).default(120) }).strict(),
    output: z.array(HealthSample),
    reads: ['integration_health'],
  }),
  'integrations.connections.events': method({
    description: "A connection's event log, newest first.",
    input: z.object({ id: z.string().min(1), limit: z.number().int().min(1).max(1000).default(100) }).strict(),
    output: z.array(ConnectionEvent),
    reads: ['integration_events'],
  }),
  'integrations.actions.run': method({
    description: 'Run one action of a pinned integration version, on a connection or without one.',
    input: z
      .object({
        pluginId: z.string().min(1),
        version: z.string().min(1),
        actionId: z.string().min(1),
        params: z.record(z.string(), z.unknown()).default({}),
        connectionId: z.string().optional(),
        idempotencyKey: z.string().max(200).optional(),
      })
      .strict(),
    output: z.object({ output: z.unknown(), durationMs: z.number() }),
  }),
};

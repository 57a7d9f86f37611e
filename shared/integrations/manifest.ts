import { z } from 'zod';

/**
 * The manifest every folder under `integrations/` exports: who it is, how it authenticates,
 * what a connection needs, and its actions and triggers with parameter schemas. Vendor
 * integrations (GitHub, Slack) and the engine's own node types (if, merge, code) share it.
 */

export const AuthMethod = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }),
  z.object({ type: z.literal('api_key'), in: z.enum(['header', 'query']), name: z.string(), prefix: z.string().optional() }),
  z.object({ type: z.literal('bearer') }),
  z.object({ type: z.literal('basic') }),
  z.object({
    type: z.literal('oauth2'),
    flows: z.array(z.enum(['authorization_code', 'client_credentials'])).min(1),
    authorizationUrl: z.string().optional(),
    tokenUrl: z.string().optional(),
    /** An OpenID issuer whose discovery document names the endpoints instead. */
    issuer: z.string().optional(),
    scopes: z.array(z.string()).default([]),
  }),
  z.object({ type: z.literal('mtls') }),
  z.object({ type: z.literal('jwt') }),
  z.object({ type: z.literal('ssh_key') }),
]);
export type AuthMethod = z.infer<typeof AuthMethod>;

/** What to do with a step that began an external call when the process died before it finished. */
export const RecoveryPolicy = z.enum(['retry', 'fail', 'wait']);

/** A credential slot a node or action takes, filled with a vault record name. */
export interface CredentialSlot {
  name: string;
  description: string;
  required?: boolean;
}

/** Inputs and outputs of a node, when they depend on its parameters (a switch's rules). */
export type PortsFor = (parameters: Record<string, unknown>) => { inputs?: readonly string[]; outputs?: readonly string[] };

export interface ActionDefinition {
  id: string;
  name: string;
  description: string;
  parameters: z.ZodType;
  /** Named outputs a node of this action can route to; default one output, "main". */
  outputs?: readonly string[];
  /** Calls the outside world (gets an idempotency key and a recovery policy). Default true. */
  sideEffects?: boolean;
  recovery?: z.infer<typeof RecoveryPolicy>;
  /** `control` for flow nodes (if, merge, loop, delay); default `action`. */
  kind?: 'action' | 'control';
  /** Named inputs; default one input, "main". */
  inputs?: readonly string[];
  /** Ports from parameters, when they vary; `outputs`/`inputs` are then the defaults. */
  ports?: PortsFor;
  credentials?: readonly CredentialSlot[];
}

export interface TriggerDefinition {
  id: string;
  name: string;
  description: string;
  parameters: z.ZodType;
  credentials?: readonly CredentialSlot[];
}

/** A secret a connection needs besides its auth credential (a Slack webhook URL); kept in the vault. */
export const SecretSlot = z.object({
  id: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/),
  title: z.string(),
  description: z.string().optional(),
  required: z.boolean().default(false),
});
export type SecretSlot = z.input<typeof SecretSlot>;

export interface PluginManifest {
  id: string;
  name: string;
  version: string;
  description: string;
  category: string;
  /** A lucide icon name. */
  icon: string;
  type: 'api' | 'core';
  auth: readonly AuthMethod[];
  /** Fields a connection asks for (base URL, workspace, ...); secrets are vault references. */
  connection?: z.ZodType;
  /** Secrets a connection holds besides its auth credential, each stored in the vault. */
  connectionSecrets?: readonly SecretSlot[];
  rateLimit?: { requestsPerSecond: number; burst: number };
  /** The action "Test connection" and health checks call. */
  healthCheck?: { action: string };
  actions: readonly ActionDefinition[];
  triggers: readonly TriggerDefinition[];
}

const ID = /^[a-z][a-z0-9-]*$/;
const SEMVER = /^\d+\.\d+\.\d+$/;

/** Checks a manifest's shape when it is declared, so a broken plugin fails at start with its name. */
export function definePlugin<M extends PluginManifest>(manifest: M): M {
  const problems: string[] = [];
  if (!ID.test(manifest.id)) problems.push(`id "${manifest.id}" must be lower-case letters, digits and dashes`);
  if (!SEMVER.test(manifest.version)) problems.push(`version "${manifest.version}" must be MAJOR.MINOR.PATCH`);
  for (const method of manifest.auth) {
    const parsed = AuthMethod.safeParse(method);
    if (!parsed.success) problems.push(`auth method ${JSON.stringify(method)} is invalid`);
  }
  const ids = new Set<string>();
  for (const item of [...manifest.actions, ...manifest.triggers]) {
    if (!/^[a-zA-Z][a-zA-Z0-9]*$/.test(item.id)) problems.push(`action/trigger id "${item.id}" must be alphanumeric`);
    if (ids.has(item.id)) problems.push(`action/trigger id "${item.id}" is declared twice`);
    ids.add(item.id);
  }
  for (const slot of manifest.connectionSecrets ?? []) {
    if (!SecretSlot.safeParse(slot).success) problems.push(`connection secret ${JSON.stringify(slot)} is invalid`);
  }
  if (manifest.healthCheck && !manifest.actions.some((action) => action.id === manifest.healthCheck!.action)) {
    problems.push(`healthCheck action "${manifest.healthCheck.action}" is not declared`);
  }
  if (problems.length > 0) throw new Error(`Invalid plugin manifest ${manifest.id}@${manifest.version}: ${problems.join('; ')}`);
  return manifest;
}

/** JSON Schema, as the contract sends parameter schemas to the renderer's generated forms. */
export const JsonSchema = z.record(z.string(), z.unknown());

export const ActionInfo = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  parameters: JsonSchema,
  outputs: z.array(z.string()),
  sideEffects: z.boolean(),
  recovery: RecoveryPolicy,
});

export const TriggerInfo = z.object({ id: z.string(), name: z.string(), description: z.string(), parameters: JsonSchema });

/** A manifest as the renderer sees it: plain JSON. */
export const PluginInfo = z.object({
  id: z.string(),
  name: z.string(),
  version: z.string(),
  versions: z.array(z.string()),
  description: z.string(),
  category: z.string(),
  icon: z.string(),
  type: z.enum(['api', 'core']),
  auth: z.array(AuthMethod),
  connection: JsonSchema.optional(),
  connectionSecrets: z.array(SecretSlot).default([]),
  rateLimit: z.object({ requestsPerSecond: z.number(), burst: z.number() }).optional(),
  healthCheck: z.object({ action: z.string() }).optional(),
  actions: z.array(ActionInfo),
  triggers: z.array(TriggerInfo),
});
export type PluginInfo = z.infer<typeof PluginInfo>;

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }) as Record<string, unknown>;
}

export function describePlugin(manifest: PluginManifest, versions: readonly string[]): PluginInfo {
  return {
    id: manifest.id,
    name: manifest.name,
    version: manifest.version,
    versions: [...versions],
    description: manifest.description,
    category: manifest.category,
    icon: manifest.icon,
    type: manifest.type,
    auth: [...manifest.auth],
    connection: manifest.connection ? jsonSchema(manifest.connection) : undefined,
    connectionSecrets: (manifest.connectionSecrets ?? []).map((slot) => SecretSlot.parse(slot)),
    rateLimit: manifest.rateLimit,
    healthCheck: manifest.healthCheck,
    actions: manifest.actions.map((action) => ({
      id: action.id,
      name: action.name,
      description: action.description,
      parameters: jsonSchema(action.parameters),
      outputs: [...(action.outputs ?? ['main'])],
      sideEffects: action.sideEffects ?? true,
      recovery: action.recovery ?? 'retry',
    })),
    triggers: manifest.triggers.map((trigger) => ({ id: trigger.id, name: trigger.name, description: trigger.description, parameters: jsonSchema(trigger.parameters) })),
  };
}

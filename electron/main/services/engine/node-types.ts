import { z } from 'zod';
import type { NodeKind, NodeTypeInfo } from '../../../../shared/contract/workflows';
import type { ActionDefinition, PluginManifest, TriggerDefinition } from '../../../../shared/integrations/manifest';
import { ERROR_OUTPUT, isNote, MAIN, type WorkflowNode } from '../../../../shared/workflow/document';
import type { PluginRegistry } from '../registry/plugin-registry';
import { itemFiles } from './item-files';
import { NodeError, type Item, type JsonObject, type NodeContext, type NodeImplementation, type NodePlugin } from './node-api';
import type { IntegrationRunner } from './ports';

/** What the engine knows about one node type at one version. */
export interface NodeTypeSpec {
  type: string;
  version: string;
  plugin: PluginManifest;
  definition: ActionDefinition | TriggerDefinition;
  kind: NodeKind;
  isTrigger: boolean;
  parameters: z.ZodType;
  sideEffects: boolean;
  recovery: 'retry' | 'fail' | 'wait';
  inputs: readonly string[];
  outputs: readonly string[];
}

/** Placeholder type an n8n import gives nodes it cannot map; the workflow does not run while one is left. */
export const UNSUPPORTED_TYPE = 'n8n.unsupported';

/** An action's result as an item's JSON: objects as they are, anything else under `result`. */
function asObject(value: unknown): JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : ({ result: value } as JsonObject);
}

export function splitType(type: string): { plugin: string; item: string } {
  const dot = type.indexOf('.');
  return { plugin: type.slice(0, dot), item: type.slice(dot + 1) };
}

/**
 * The node-type catalog over the plugin registry: manifests give parameters and ports, the
 * plugins' code (loaded once, then kept) gives the implementation.
 */
export class NodeTypes {
  private readonly specs = new Map<string, NodeTypeSpec | null>();
  private readonly implementations = new Map<string, NodeImplementation>();

  constructor(
    private readonly registry: PluginRegistry,
    private readonly integrations?: IntegrationRunner,
  ) {}

  spec(type: string, version: string): NodeTypeSpec | undefined {
    const key = `${type}@${version}`;
    let spec = this.specs.get(key);
    if (spec === undefined) {
      spec = this.build(type, version) ?? null;
      this.specs.set(key, spec);
    }
    return spec ?? undefined;
  }

  /** Whether the type exists at all (for "unknown version" rather than "unknown type"). */
  knows(type: string): boolean {
    const { plugin, item } = splitType(type);
    const manifest = this.registry.manifest(plugin);
    return !!manifest && [...manifest.actions, ...manifest.triggers].some((definition) => definition.id === item);
  }

  /** The name of the first of these plugins that is installed and talks to a service (for the n8n import report). */
  integrationName(pluginIds: readonly string[]): string | undefined {
    for (const id of pluginIds) {
      const manifest = this.registry.manifest(id);
      if (manifest?.type === 'api') return manifest.name;
    }
    return undefined;
  }

  versions(type: string): string[] {
    return this.registry.versions(splitType(type).plugin);
  }

  private build(type: string, version: string): NodeTypeSpec | undefined {
    const { plugin: pluginId, item } = splitType(type);
    const plugin = this.registry.manifest(pluginId, version);
    if (!plugin || plugin.version !== version) return undefined;
    const trigger = plugin.triggers.find((definition) => definition.id === item);
    const action = plugin.actions.find((definition) => definition.id === item);
    const definition = trigger ?? action;
    if (!definition) return undefined;
    return {
      type,
      version,
      plugin,
      definition,
      kind: trigger ? 'trigger' : (action!.kind ?? 'action'),
      isTrigger: !!trigger,
      parameters: definition.parameters,
      sideEffects: trigger ? false : (action!.sideEffects ?? true),
      recovery: trigger ? 'retry' : (action!.recovery ?? 'retry'),
      inputs: trigger ? [] : (action!.inputs ?? [MAIN]),
      outputs: trigger ? [MAIN] : (action!.outputs ?? [MAIN]),
    };
  }

  /** Inputs and outputs of a node with its parameters and on-error policy. */
  ports(node: Pick<WorkflowNode, 'type' | 'typeVersion' | 'parameters' | 'onError'>): { inputs: string[]; outputs: string[] } {
    if (node.type === UNSUPPORTED_TYPE) return { inputs: [MAIN], outputs: [MAIN] };
    if (isNote(node)) return { inputs: [], outputs: [] };
    const spec = this.spec(node.type, node.typeVersion);
    if (!spec) return { inputs: [MAIN], outputs: [MAIN] };
    const dynamic = !spec.isTrigger ? (spec.definition as ActionDefinition).ports?.(node.parameters) : undefined;
    const outputs = [...(dynamic?.outputs ?? spec.outputs)];
    if (node.onError === 'route' && !outputs.includes(ERROR_OUTPUT)) outputs.push(ERROR_OUTPUT);
    return { inputs: [...(dynamic?.inputs ?? spec.inputs)], outputs };
  }

  /** Loads the node's code (once); afterwards `implementationNow` answers synchronously. */
  async load(type: string, version: string): Promise<NodeImplementation> {
    const key = `${type}@${version}`;
    const known = this.implementations.get(key);
    if (known) return known;
    const spec = this.spec(type, version);
    if (!spec) throw new NodeError(`Unknown node type ${type}@${version}.`, 'unknown_type', true);
    const { item } = splitType(type);
    let implementation: NodeImplementation | undefined;
    if (spec.plugin.type === 'api') implementation = spec.isTrigger ? this.serviceTrigger(spec, item) : this.integrationAction(spec, item);
    else {
      const module = (await this.registry.load(spec.plugin.id, version)) as Partial<NodePlugin>;
      implementation = module.nodes?.[item];
    }
    if (!implementation) throw new NodeError(`Node type ${type}@${version} has no code.`, 'unknown_type', true);
    this.implementations.set(key, implementation);
    return implementation;
  }

  implementationNow(type: string, version: string): NodeImplementation | undefined {
    return this.implementations.get(`${type}@${version}`);
  }

  /** API integrations' actions run through the integrations layer, once per item. */
  private integrationAction(spec: NodeTypeSpec, action: string): NodeImplementation {
    const runner = this.integrations;
    const listing = (spec.definition as ActionDefinition).output === 'items';
    return {
      async run(ctx) {
        if (!runner) throw new NodeError(`The integrations layer is not available to run ${spec.type}.`, 'unavailable');
        // Through the step's services, so observers (traces, token metrics) see the call.
        const actions = ctx.services.integrations ?? runner;
        const out: Item[] = [];
        for (let i = 0; i < Math.max(1, ctx.input.length); i++) {
          const { files, produced } = itemFiles(ctx, i);
          const result = await actions.runAction({
            plugin: spec.plugin.id,
            version: spec.version,
            action,
            parameters: ctx.params(i),
            connectionId: ctx.node.connection,
            credentials: ctx.node.credentials ?? {},
            idempotencyKey: ctx.input.length > 1 ? `${ctx.idempotencyKey}:${i}` : ctx.idempotencyKey,
            signal: ctx.signal,
            files,
          });
          // A listing becomes an item per entry, each paired with the item that asked for it.
          for (const json of listing && Array.isArray(result) ? result : [result]) {
            const entry: Item = { json: asObject(json), pairedItem: { item: i } };
            if (Object.keys(produced).length > 0) entry.binary = produced;
            out.push(entry);
          }
        }
        return { outputs: { main: out } };
      },
    };
  }

  /**
   * A trigger of an API integration starts runs with the events it found (`payload.items`); run
   * by hand, it asks its service for the latest event, as n8n's "fetch test event" does.
   */
  private serviceTrigger(spec: NodeTypeSpec, trigger: string): NodeImplementation {
    const runner = this.integrations;
    return {
      async run(ctx) {
        const payload = ctx.execution.payload as { items?: unknown } | undefined;
        let events: unknown[];
        if (payload !== null && typeof payload === 'object' && Array.isArray(payload.items)) events = payload.items;
        else {
          if (!runner?.runTrigger) throw new NodeError(`The integrations layer is not available to run ${spec.type}.`, 'unavailable');
          const sample = (await runner.runTrigger({
            plugin: spec.plugin.id,
            version: spec.version,
            trigger,
            parameters: ctx.node.parameters,
            connectionId: ctx.node.connection,
            event: { type: 'poll', cursor: undefined, sample: true },
            signal: ctx.signal,
          })) as { items: unknown[] };
          events = sample.items;
        }
        return { outputs: { main: events.map((event) => triggerItem(ctx, event)) } };
      },
    };
  }

  /** Every node type's newest version, for the canvas palette. */
  catalog(): NodeTypeInfo[] {
    const infos: NodeTypeInfo[] = [];
    for (const id of this.registry.ids()) {
      const manifest = this.registry.manifest(id)!;
      const versions = this.registry.versions(id);
      for (const definition of [...manifest.triggers, ...manifest.actions]) {
        const spec = this.spec(`${id}.${definition.id}`, manifest.version)!;
        const action = spec.isTrigger ? undefined : (definition as ActionDefinition);
        infos.push({
          type: spec.type,
          version: manifest.version,
          versions,
          name: definition.name,
          description: definition.description,
          category: manifest.category,
          icon: manifest.icon,
          kind: spec.kind,
          inputs: [...spec.inputs],
          outputs: [...spec.outputs],
          dynamicOutputs: !!action?.ports,
          parameters: z.toJSONSchema(definition.parameters, { unrepresentable: 'any', io: 'input' }) as Record<string, unknown>,
          credentials: (definition.credentials ?? []).map((slot) => ({ name: slot.name, description: slot.description, required: slot.required ?? false })),
          sideEffects: spec.sideEffects,
          recovery: spec.recovery,
          integration: manifest.type === 'api' ? id : undefined,
        });
      }
    }
    return infos;
  }
}

/** A trigger's event as an item: binary data it carries as base64 under `$binary` (mail attachments) becomes payload files. */
function triggerItem(ctx: NodeContext, event: unknown): Item {
  const { $binary, ...json } = asObject(event);
  if ($binary === null || typeof $binary !== 'object') return { json: asObject(event) };
  const files = Object.entries($binary as Record<string, { data: string; mimeType?: string; fileName?: string }>);
  return { json, binary: Object.fromEntries(files.map(([name, file]) => [name, ctx.services.saveBinary(Buffer.from(file.data, 'base64'), file.mimeType ?? 'application/octet-stream', file.fileName)])) };
}

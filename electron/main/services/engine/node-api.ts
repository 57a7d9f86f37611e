import type { TriggerKind } from '../../../../shared/contract/executions';
import type { JsonValue, WorkflowNode } from '../../../../shared/workflow/document';
import type { HttpClient, IntegrationRunner, McpToolCaller, Notifier } from './ports';

/**
 * What a node type's code (`integrations/<id>/<version>/plugin.ts`, exporting `nodes`) is
 * given and returns. Items flow as in n8n: a list of `{ json }` objects from node to node.
 */

export type JsonObject = { [key: string]: JsonValue };

/** Binary data lives in a file under the data dir; items carry only this reference. */
export interface BinaryRef {
  /** Path relative to the engine's payload folder. */
  file: string;
  mimeType: string;
  fileName?: string;
  fileSize: number;
}

export interface Item {
  json: JsonObject;
  binary?: Record<string, BinaryRef>;
  /** Which input item this one came from, for `$('Node').item`. */
  pairedItem?: { item: number; input?: number };
}

/** Items per output name. */
export type Outputs = Record<string, Item[]>;

export interface NodeResult {
  outputs: Outputs;
  /** Kept for this node's next run in the same execution (a loop's remaining items). */
  state?: JsonValue;
  /** Park the execution until this time (epoch ms); `outputs` flow on when it wakes. */
  waitUntil?: number;
}

export interface CodeRequest {
  code: string;
  mode: 'runOnceForAllItems' | 'runOnceForEachItem';
  items: Item[];
  timeoutMs: number;
  memoryBytes: number;
  signal: AbortSignal;
  /** Per item (each-item mode): a failing item becomes `{ json: { error } }` instead of failing the step. */
  continueOnFail?: boolean;
}

export interface WebhookReply {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export interface NodeServices {
  http: HttpClient;
  mcp: McpToolCaller;
  notifier: Notifier;
  integrations?: IntegrationRunner;
  /** Runs JavaScript in the QuickJS sandbox, off the main thread. */
  runCode(request: CodeRequest): Promise<{ items: Item[]; logs: string[] }>;
  /** Runs another workflow to completion as a child of this execution; its last node's items come back. */
  runWorkflow(request: { workflowId: string; items: Item[]; signal: AbortSignal }): Promise<Item[]>;
  /** Answers the webhook that started this execution (first answer wins). */
  respondToWebhook(reply: WebhookReply): void;
  saveBinary(data: Uint8Array, mimeType: string, fileName?: string): BinaryRef;
  readBinary(ref: BinaryRef): Buffer;
  /** Where a binary reference's bytes are on disk, to stream from (checked to be in the payload folder). */
  binaryPath(ref: BinaryRef): string;
  /** A new payload file to stream into; `done()` gives its reference once written. */
  createBinary(mimeType: string, fileName?: string): { path: string; done(): BinaryRef };
}

export interface NodeContext {
  readonly node: Readonly<WorkflowNode>;
  /** Items per input name. */
  readonly inputs: Readonly<Record<string, Item[]>>;
  /** The items of the main (first) input. */
  readonly input: Item[];
  /** Parameters with expressions evaluated for item `itemIndex` (default 0), validated by the node's schema. */
  params<T = Record<string, unknown>>(itemIndex?: number): T;
  /** True when the parameters contain expressions (otherwise `params()` is the same for every item). */
  readonly dynamicParams: boolean;
  readonly execution: {
    id: number;
    workflowId: string;
    workflowName: string;
    trigger: TriggerKind;
    /** What started it: the webhook request, the form input, the schedule's time. */
    payload: JsonValue | undefined;
  };
  readonly runIndex: number;
  readonly attempt: number;
  /** Execution id + node id + attempt: the same when a call is retried after a crash. */
  readonly idempotencyKey: string;
  readonly signal: AbortSignal;
  /** What this node returned as `state` on its previous run in this execution. */
  readonly state: JsonValue | undefined;
  log(message: string): void;
  /** Reveals the vault record set in the node's credential slot (or one field of it), registered for redaction. */
  credential(slot: string, field?: string): string;
  readonly services: NodeServices;
}

export interface NodeImplementation {
  run(context: NodeContext): NodeResult | Promise<NodeResult>;
}

/** What `plugin.ts` of a node-type plugin exports: one implementation per action or trigger id. */
export interface NodePlugin {
  nodes: Record<string, NodeImplementation>;
}

/** An error a node throws on purpose, with a code the step record keeps. */
export class NodeError extends Error {
  constructor(
    message: string,
    readonly code = 'node_error',
    /** Retrying will not help (bad parameters): skip the remaining tries. */
    readonly permanent = false,
  ) {
    super(message);
    this.name = 'NodeError';
  }
}

/** One output, "main". */
export function main(items: Item[]): NodeResult {
  return { outputs: { main: items } };
}

const CHUNK = 2000;

/**
 * Maps items in bounded slices, yielding to the event loop between them, so 100,000 items do
 * not freeze the app; small lists stay synchronous (no promise, no tick).
 */
export function mapItems<T>(items: readonly Item[], fn: (item: Item, index: number) => T): T[] | Promise<T[]> {
  if (items.length <= CHUNK) return items.map(fn);
  return (async () => {
    const result: T[] = new Array(items.length);
    for (let start = 0; start < items.length; start += CHUNK) {
      const end = Math.min(items.length, start + CHUNK);
      for (let i = start; i < end; i++) result[i] = fn(items[i]!, i);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return result;
  })();
}

import { z } from 'zod';
import { SECRET_NAME } from '../secrets/secret-ref';

/**
 * The workflow document: what the canvas edits, what sync shares and what
 * `echelon workflow export` writes. Objects are loose (unknown keys are kept) so a document
 * written by a newer Echelon round-trips through an older one without losing fields.
 * Optional fields carry no defaults here: the engine applies them (`engine/defaults`), so
 * parse → serialize gives back exactly what was read.
 */

export const WORKFLOW_SCHEMA_VERSION = 1;

/** Any JSON value: parameters, variables and canvas metadata are plain data. */
export const JsonValue = z.json();
export type JsonValue = z.infer<typeof JsonValue>;

export const NodeId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'Use letters, digits, "_" and "-" in node ids.');
export type NodeId = z.infer<typeof NodeId>;

/** `<plugin id>.<action or trigger id>`, e.g. `http-request.request`, `if.if`; or `note`. */
export const NodeType = z
  .string()
  .regex(/^(?:note|[a-z][a-z0-9-]*\.[a-zA-Z][a-zA-Z0-9]*)$/, 'A node type is "<plugin>.<action>", e.g. "http-request.request".');
export type NodeType = z.infer<typeof NodeType>;

/** The plugin version the node was built with (MAJOR.MINOR.PATCH). */
export const TypeVersion = z.string().regex(/^\d+\.\d+\.\d+$/, 'A type version is MAJOR.MINOR.PATCH.');

export const Position = z.looseObject({ x: z.number().finite(), y: z.number().finite() });
export type Position = z.infer<typeof Position>;

/** A vault record by name (and optionally one field of it); never the secret itself. */
export const CredentialRef = z.looseObject({
  secret: z.string().regex(SECRET_NAME, 'A vault record name is letters, digits and "_", starting with a letter or "_".'),
  field: z.string().min(1).optional(),
});
export type CredentialRef = z.infer<typeof CredentialRef>;

/** Tries = 1 + retries. Delay before retry n is min(cap, base · 2^(n-1)), with full jitter when on. */
export const RetryPolicy = z.looseObject({
  maxTries: z.number().int().min(1).max(100),
  baseDelayMs: z.number().int().min(0).max(86_400_000).optional(),
  maxDelayMs: z.number().int().min(0).max(86_400_000).optional(),
  jitter: z.boolean().optional(),
});
export type RetryPolicy = z.infer<typeof RetryPolicy>;

/**
 * What a failed step (after its last try) does: `stop` fails the execution, `continue` passes
 * the error on as the step's output, `route` sends it to the node's `error` output.
 */
export const OnErrorPolicy = z.enum(['stop', 'continue', 'route']);
export type OnErrorPolicy = z.infer<typeof OnErrorPolicy>;

/** The output every node that routes errors gets, beside its own outputs. */
export const ERROR_OUTPUT = 'error';
/** The name of a node's single input or output when it has just one. */
export const MAIN = 'main';

export const WorkflowNode = z.looseObject({
  id: NodeId,
  type: NodeType,
  typeVersion: TypeVersion,
  /** Unique in the workflow: expressions refer to nodes by name (`$('Fetch').item.json`). */
  name: z.string().trim().min(1).max(128),
  position: Position,
  parameters: z.record(z.string(), JsonValue),
  /** Credential slot (as the node type names it) → vault record. */
  credentials: z.record(z.string(), CredentialRef).optional(),
  /** For API integrations' actions: the connection (made on the Integrations page) that authenticates the call. */
  connection: z.string().min(1).max(64).optional(),
  retry: RetryPolicy.optional(),
  timeoutMs: z.number().int().min(1).max(2_147_483_647).optional(),
  onError: OnErrorPolicy.optional(),
  disabled: z.boolean().optional(),
  /** Run once, with the first input item only (n8n's "Execute Once"). */
  executeOnce: z.boolean().optional(),
  notes: z.string().max(10_000).optional(),
  /** Output items (their `json`) a run started by hand uses instead of running the node, per output (n8n's pinned data). */
  pinnedOutput: z.record(z.string(), z.array(JsonValue)).optional(),
});
export type WorkflowNode = z.infer<typeof WorkflowNode>;

/** From one node's output to another's input. Outputs and inputs are named by the node type. */
export const WorkflowEdge = z.looseObject({
  from: z.looseObject({ node: NodeId, output: z.string().min(1).max(64) }),
  to: z.looseObject({ node: NodeId, input: z.string().min(1).max(64) }),
});
export type WorkflowEdge = z.infer<typeof WorkflowEdge>;

/** Schedules that came due while the app was closed: run each (bounded), run once, or skip. */
export const MissedSchedulePolicy = z.enum(['catch_up', 'run_once', 'skip']);
export type MissedSchedulePolicy = z.infer<typeof MissedSchedulePolicy>;

export const Priority = z.enum(['high', 'normal', 'low']);
export type Priority = z.infer<typeof Priority>;

export const WorkflowSettings = z.looseObject({
  /** Id of a workflow (starting with an error trigger) run when an execution of this one fails. */
  errorWorkflow: z.string().min(1).optional(),
  missedSchedules: MissedSchedulePolicy.optional(),
  /** Executions of this workflow running at once; more wait in the queue. */
  concurrency: z.number().int().min(1).max(1000).optional(),
  priority: Priority.optional(),
  /** Whole-execution time limit. */
  timeoutMs: z.number().int().min(1).max(2_147_483_647).optional(),
  /** IANA time zone schedules use unless a node names its own. */
  timezone: z.string().min(1).optional(),
  /** Read by expressions as `$vars.NAME`. */
  variables: z.record(z.string(), JsonValue).optional(),
  /** Minutes of a person's work one successful run saves, for the dashboard's "time saved". */
  timeSavedMinutes: z.number().min(0).max(100_000).optional(),
  /** Offered as a tool (the gateway's `workflows__NAME`, and to agents); its input schema is the manual trigger's form. */
  exposeAsTool: z
    .looseObject({
      name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'A tool name uses letters, digits, "_" and "-", up to 64 characters.').optional(),
      description: z.string().max(2000).optional(),
    })
    .optional(),
  /** Where its runs go: this computer's engine (default), or the team's workers (`echelon worker`). */
  runOn: z.enum(['computer', 'team']).optional(),
  /** The workers' queue its team runs go to (`echelon worker --queues`). */
  workerQueue: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'A queue name uses letters, digits, "_" and "-", up to 64 characters.')
    .optional(),
});
export type WorkflowSettings = z.infer<typeof WorkflowSettings>;

export const WorkflowDocument = z.looseObject({
  schemaVersion: z.literal(WORKFLOW_SCHEMA_VERSION),
  /** Present in exports so re-importing updates the same workflow; absent in a new document. */
  id: z.string().min(1).max(64).optional(),
  name: z.string().trim().min(1).max(200),
  description: z.string().max(10_000).optional(),
  tags: z.array(z.string().min(1).max(64)).optional(),
  nodes: z.array(WorkflowNode),
  edges: z.array(WorkflowEdge),
  settings: WorkflowSettings.optional(),
  /** Canvas state (viewport, groups, sticky notes): kept as is, never read by the engine. */
  meta: z.record(z.string(), JsonValue).optional(),
});
export type WorkflowDocument = z.infer<typeof WorkflowDocument>;

/** A sticky note on the canvas: kept in the document like a node, never run and never connected. */
export const NOTE_TYPE = 'note';

export const NoteParameters = z.looseObject({
  /** Markdown, as n8n's sticky notes hold it. */
  text: z.string().max(100_000),
  width: z.number().positive().max(10_000).optional(),
  height: z.number().positive().max(10_000).optional(),
  /** A palette index (n8n's 1–7) or a CSS colour. */
  color: z.union([z.number().int().min(0).max(64), z.string().max(32)]).optional(),
});
export type NoteParameters = z.infer<typeof NoteParameters>;

export function isNote(node: Pick<WorkflowNode, 'type'>): boolean {
  return node.type === NOTE_TYPE;
}

/** A stable id for an edge (there is at most one edge per output/input pair). */
export function edgeKey(edge: WorkflowEdge): string {
  return `${edge.from.node}:${edge.from.output}->${edge.to.node}:${edge.to.input}`;
}

/** An empty document to start a canvas from. */
export function emptyWorkflow(name: string): WorkflowDocument {
  return { schemaVersion: WORKFLOW_SCHEMA_VERSION, name, nodes: [], edges: [], settings: {} };
}

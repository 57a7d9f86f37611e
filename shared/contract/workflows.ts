import { z } from 'zod';
import { JsonSchema, RecoveryPolicy } from '../integrations/manifest';
import { JsonValue, Priority, WorkflowDocument } from '../workflow/document';
import { MAX_WORKFLOW_FILE_BYTES, WORKFLOW_FILE_EMPTY, workflowFileTooLarge } from '../workflow/file-limits';
import { method } from './define';
import { ExecutionDetail, ExecutionStatus } from './executions';

/** Where a validation problem is: the node (by id) and the field inside it, when it concerns one. */
export const ValidationProblem = z.object({
  /** A stable code to branch on: `unknown_type`, `missing_parameter`, `cycle`, `unreachable`, ... */
  code: z.string(),
  message: z.string(),
  /** Dotted path in the document (`nodes.3.parameters.url`, `edges.0.to.node`). */
  path: z.string(),
  nodeId: z.string().optional(),
  /** The field of the node, as a dotted path below it (`parameters.url`, `retry.maxTries`). */
  field: z.string().optional(),
  /** `warning`: worth fixing, but the workflow still runs (as n8n runs it: an unreachable node, a cycle). Absent: it blocks runs. */
  severity: z.literal('warning').optional(),
});
export type ValidationProblem = z.infer<typeof ValidationProblem>;

/** The inputs and outputs a node has with its current parameters (a switch has one output per rule). */
export const NodePorts = z.object({ inputs: z.array(z.string()), outputs: z.array(z.string()) });
export type NodePorts = z.infer<typeof NodePorts>;

export const ValidationReport = z.object({
  /** No problem blocks a run (warnings may remain). */
  ok: z.boolean(),
  problems: z.array(ValidationProblem),
  /** Per node id, for the canvas' handles. */
  ports: z.record(z.string(), NodePorts),
});
export type ValidationReport = z.infer<typeof ValidationReport>;

export const NodeKind = z.enum(['trigger', 'action', 'control']);
export type NodeKind = z.infer<typeof NodeKind>;

/** One node type for the canvas palette and its generated parameter form. */
export const NodeTypeInfo = z.object({
  /** `<plugin>.<action>`, as nodes name it. */
  type: z.string(),
  /** Newest version; nodes pin the one they were built with. */
  version: z.string(),
  versions: z.array(z.string()),
  name: z.string(),
  description: z.string(),
  category: z.string(),
  /** A lucide icon name. */
  icon: z.string(),
  kind: NodeKind,
  inputs: z.array(z.string()),
  /** Outputs with default parameters; `workflows.validate` gives each node's actual ports. */
  outputs: z.array(z.string()),
  /** Outputs depend on parameters (switch rules). */
  dynamicOutputs: z.boolean(),
  /** JSON Schema of the parameters (defaults included), for generated forms. */
  parameters: JsonSchema,
  /** Credential slots the node takes, each filled with a vault record name. */
  credentials: z.array(z.object({ name: z.string(), description: z.string(), required: z.boolean() })),
  sideEffects: z.boolean(),
  recovery: RecoveryPolicy,
  /** For API integrations' actions: the plugin whose connections (Integrations page) authenticate the call. */
  integration: z.string().optional(),
});
export type NodeTypeInfo = z.infer<typeof NodeTypeInfo>;

export const UnsupportedNode = z.object({
  name: z.string(),
  type: z.string(),
  /** What would make it run: an integration to connect, a node to replace it with. */
  remedy: z.string().optional(),
});
export type UnsupportedNode = z.infer<typeof UnsupportedNode>;

export const LastRun = z.object({ id: z.number().int(), status: ExecutionStatus, createdAt: z.string(), finishedAt: z.string().optional() });

export const WorkflowSummary = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  tags: z.array(z.string()),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  nodeCount: z.number().int(),
  /** Node types of the workflow's triggers (`webhook.trigger`, ...). */
  triggers: z.array(z.string()),
  /** Nodes an import could not map; the workflow does not run until they are replaced. */
  unsupported: z.array(UnsupportedNode),
  /** Problems of the current version; the workflow runs only with none. */
  problemCount: z.number().int(),
  lastRun: LastRun.optional(),
});
export type WorkflowSummary = z.infer<typeof WorkflowSummary>;

export const WorkflowDetail = WorkflowSummary.extend({
  /** The version `document` is. */
  documentVersion: z.number().int(),
  document: WorkflowDocument,
  problems: z.array(ValidationProblem),
  ports: z.record(z.string(), NodePorts),
});
export type WorkflowDetail = z.infer<typeof WorkflowDetail>;

export const WorkflowVersion = z.object({ version: z.number().int(), createdAt: z.string(), name: z.string(), nodeCount: z.number().int() });

export const SaveResult = z.object({
  id: z.string(),
  version: z.number().int(),
  /** What still stops it from running (saving keeps unfinished work; running refuses it). */
  problems: z.array(ValidationProblem),
});

export const WorkflowImportResult = SaveResult.extend({
  name: z.string(),
  format: z.enum(['echelon', 'n8n']),
  unsupported: z.array(UnsupportedNode),
  /** Notes on what the mapping changed (a parameter n8n has and Echelon does not, ...). */
  notes: z.array(z.string()),
  /**
   * `created`: a new workflow; `updated`: a new version of the same workflow (same id and name,
   * or the one `replace` named); `unchanged`: the same document as its current version, no new version.
   */
  outcome: z.enum(['created', 'updated', 'unchanged']),
});
export type WorkflowImportResult = z.infer<typeof WorkflowImportResult>;

export const RunResult = z.object({
  executionId: z.number().int(),
  /** A run with the same dedup key was already pending: this one was dropped, `executionId` is that run. */
  deduplicated: z.boolean(),
  status: ExecutionStatus,
  /** With `wait`: the finished execution. */
  execution: ExecutionDetail.optional(),
});
export type RunResult = z.infer<typeof RunResult>;

export const WebhookEndpoint = z.object({ workflowId: z.string(), workflowName: z.string(), nodeId: z.string(), method: z.string(), path: z.string(), url: z.string() });

const WORKFLOW_TABLES = ['workflows', 'workflow_versions'] as const;
const Id = z.string().min(1).max(64);

export const workflowsMethods = {
  'workflows.list': method({
    description: 'Every workflow with its current version and the status of its last run.',
    input: z.object({}).strict(),
    output: z.array(WorkflowSummary),
    reads: [...WORKFLOW_TABLES, 'executions'],
  }),
  'workflows.get': method({
    description: 'One workflow: its document (the current version, or the one named), problems and node ports.',
    input: z.object({ id: Id, version: z.number().int().min(1).optional() }).strict(),
    output: WorkflowDetail,
    reads: [...WORKFLOW_TABLES, 'executions'],
  }),
  'workflows.save': method({
    description: 'Saves a document as a new version (a new workflow without `id`). Problems are reported, not refused, unless `strict`.',
    input: z
      .object({
        id: Id.optional(),
        document: WorkflowDocument,
        /** Refuse with `conflict` when the current version is no longer this one (someone else saved). */
        expectedVersion: z.number().int().min(0).optional(),
        strict: z.boolean().default(false),
      })
      .strict(),
    output: SaveResult,
  }),
  'workflows.validate': method({
    description: 'Every problem of a document at once, each pointing at its node and field, and each node\'s ports.',
    input: z.object({ document: z.unknown() }).strict(),
    output: ValidationReport,
    reads: ['workflows'],
  }),
  'workflows.import': method({
    description: 'Imports an Echelon document or an n8n export (JSON text). Unsupported n8n nodes are listed; the rest imports.',
    input: z
      .object({
        text: z.string().min(1, WORKFLOW_FILE_EMPTY).max(MAX_WORKFLOW_FILE_BYTES, workflowFileTooLarge()),
        /** Make the document a new version of this workflow, whatever its own id and name. */
        replace: Id.optional(),
      })
      .strict(),
    output: WorkflowImportResult,
  }),
  'workflows.export': method({
    description: 'The document as canonical text: sorted keys, stable order, re-importable without loss.',
    input: z.object({ id: Id, version: z.number().int().min(1).optional() }).strict(),
    output: z.object({ text: z.string(), fileName: z.string() }),
    reads: [...WORKFLOW_TABLES],
  }),
  'workflows.versions': method({
    description: 'Saved versions of a workflow, newest first.',
    input: z.object({ id: Id }).strict(),
    output: z.array(WorkflowVersion),
    reads: [...WORKFLOW_TABLES],
  }),
  'workflows.delete': method({
    description: 'Deletes a workflow and its versions. Its executions stay until retention removes them.',
    input: z.object({ id: Id }).strict(),
    output: z.object({ deleted: z.boolean() }),
  }),
  'workflows.run': method({
    description: 'Queues a run of the current version (pinned). With `wait`, answers once it has finished.',
    input: z
      .object({
        id: Id,
        input: JsonValue.optional(),
        priority: Priority.optional(),
        /** A second run with this key while one is pending is dropped (and reported). */
        dedupKey: z.string().min(1).max(200).optional(),
        /** Start no earlier than this ISO time. */
        runAt: z.string().datetime({ offset: true }).optional(),
        wait: z.boolean().default(false),
      })
      .strict(),
    output: RunResult,
  }),
  'workflows.nodeTypes': method({
    description: 'The node-type catalog: every node type with its ports and parameter JSON Schema.',
    input: z.object({}).strict(),
    output: z.array(NodeTypeInfo),
  }),
  'workflows.webhooks': method({
    description: 'The webhook listener\'s address and the endpoints the saved workflows expose.',
    input: z.object({}).strict(),
    output: z.object({ listening: z.boolean(), baseUrl: z.string().optional(), endpoints: z.array(WebhookEndpoint) }),
    reads: [...WORKFLOW_TABLES],
  }),
};

export const workflowsEvents = {};

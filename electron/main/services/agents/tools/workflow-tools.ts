import { EchelonError, WORKFLOW_TOOL_SERVER, workflowToolName, type CallToolResult, type ExecutionError } from '../../../../../shared/contract';
import { toDisposable, type Disposable } from '../../../../../shared/lifecycle/disposable';
import type { WorkflowDocument } from '../../../../../shared/workflow/document';
import type { Engine } from '../../engine/engine';
import type { EventBus } from '../../events/event-bus';
import type { CallOptions } from '../../mcp/server-runtime';
import type { SourceTool, ToolSource } from '../../mcp/tool-sources';

interface WorkflowTool extends SourceTool {
  workflowId: string;
  triggerNodeId: string;
}

const JSON_TYPES: Record<string, Record<string, unknown>> = { string: { type: 'string' }, number: { type: 'number' }, boolean: { type: 'boolean' }, json: {} };

/** The input schema of a workflow run as a tool: the manual trigger's form fields. */
export function formSchema(document: WorkflowDocument, triggerNodeId: string): Record<string, unknown> {
  const trigger = document.nodes.find((node) => node.id === triggerNodeId);
  const fields = Array.isArray(trigger?.parameters.fields) ? (trigger.parameters.fields as { name: string; type?: string; required?: boolean; description?: string }[]) : [];
  const properties = Object.fromEntries(fields.map((field) => [field.name, { ...(JSON_TYPES[field.type ?? 'string'] ?? {}), ...(field.description ? { description: field.description } : {}) }]));
  const required = fields.filter((field) => field.required).map((field) => field.name);
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}) };
}

/**
 * Workflows marked "expose as tool" (a manual trigger and `settings.exposeAsTool`), offered as
 * `workflows__NAME` by the gateway and to agents. A call runs the workflow's current version
 * with the arguments as the trigger's input, waits for it, and returns its last node's items;
 * a failed run comes back as a tool error, and a cancelled call cancels the run.
 */
export class WorkflowTools implements ToolSource {
  readonly server = WORKFLOW_TOOL_SERVER;
  private cached: WorkflowTool[] | undefined;
  private readonly listeners = new Set<() => void>();
  private readonly subscription: Disposable;

  constructor(
    private readonly engine: Engine,
    bus: EventBus,
  ) {
    this.subscription = bus.on('store.changed', ({ tables }) => {
      if (!tables.includes('workflows') && !tables.includes('workflow_versions')) return;
      this.cached = undefined;
      this.listeners.forEach((listener) => listener());
    });
  }

  private build(): WorkflowTool[] {
    const tools: WorkflowTool[] = [];
    const taken = new Set<string>();
    for (const workflow of this.engine.workflows.all()) {
      let document: WorkflowDocument;
      try {
        document = this.engine.workflows.document(workflow.id).document;
      } catch {
        continue;
      }
      const exposed = document.settings?.exposeAsTool;
      const trigger = document.nodes.find((node) => node.type === 'manual.trigger' && !node.disabled);
      if (!exposed || !trigger) continue;
      let name = exposed.name ?? workflowToolName(document.name);
      for (let i = 2; taken.has(name); i++) name = `${(exposed.name ?? workflowToolName(document.name)).slice(0, 60)}_${i}`;
      taken.add(name);
      tools.push({
        name,
        description: exposed.description ?? document.description ?? `Runs the workflow "${document.name}".`,
        inputSchema: formSchema(document, trigger.id),
        annotations: { title: document.name },
        workflowId: workflow.id,
        triggerNodeId: trigger.id,
      });
    }
    return tools;
  }

  listTools(): SourceTool[] {
    return (this.cached ??= this.build()).map(({ workflowId: _id, triggerNodeId: _trigger, ...tool }) => tool);
  }

  private find(name: string): WorkflowTool | undefined {
    return (this.cached ??= this.build()).find((tool) => tool.name === name);
  }

  async callTool(name: string, args: Record<string, unknown>, options: CallOptions): Promise<CallToolResult> {
    const tool = this.find(name);
    if (!tool) throw new EchelonError('not_found', `No workflow is exposed as the tool "${name}": mark a workflow "expose as tool" first.`, { path: 'tool' });
    return this.run(tool.workflowId, args, options, tool.triggerNodeId);
  }

  /** A workflow's manual trigger and run form, whether or not it is exposed (an agent node's own workflow tools). */
  describe(workflowId: string): { inputSchema: Record<string, unknown>; name: string; description?: string } | undefined {
    const workflow = this.engine.workflows.resolve(workflowId);
    if (!workflow) return undefined;
    const { document } = this.engine.workflows.document(workflow.id);
    const trigger = document.nodes.find((node) => node.type === 'manual.trigger' && !node.disabled);
    return { name: document.name, description: document.description, inputSchema: trigger ? formSchema(document, trigger.id) : { type: 'object', properties: {} } };
  }

  /** Runs a workflow's current version with the arguments as its input, and waits for its items. */
  async run(reference: string, args: Record<string, unknown>, options: CallOptions, triggerNodeId?: string): Promise<CallToolResult> {
    const workflow = this.engine.workflows.resolve(reference);
    if (!workflow) throw new EchelonError('not_found', `No workflow "${reference}": import it, or use its Echelon id.`);
    const { row } = await this.engine.run({ workflowId: workflow.id, input: args as never }, 'manual', triggerNodeId);
    const cancel = () => {
      try {
        this.engine.cancel(row.id);
      } catch {
        // It finished in the meantime.
      }
    };
    options.signal?.addEventListener('abort', cancel, { once: true });
    const timer = options.timeoutMs ? setTimeout(cancel, options.timeoutMs) : undefined;
    try {
      const finished = await this.engine.waitFor(row.id);
      if (finished.status !== 'succeeded') {
        const error = finished.error ? (JSON.parse(finished.error) as ExecutionError).message : finished.status;
        if (options.signal?.aborted) throw new EchelonError('cancelled', `The call was cancelled; execution ${finished.id} was cancelled with it.`);
        return { isError: true, content: [{ type: 'text', text: `The workflow "${finished.workflowName}" (execution ${finished.id}) ${finished.status}: ${error}` }] };
      }
      const items = this.engine.executor.outputItems(finished).map((item) => item.json);
      return { content: [{ type: 'text', text: JSON.stringify(items.length === 1 ? items[0] : items) }], structuredContent: { executionId: finished.id, items } };
    } finally {
      options.signal?.removeEventListener('abort', cancel);
      if (timer) clearTimeout(timer);
    }
  }

  onChanged(listener: () => void): Disposable {
    this.listeners.add(listener);
    return toDisposable(() => void this.listeners.delete(listener));
  }

  dispose(): void {
    this.subscription.dispose();
  }
}

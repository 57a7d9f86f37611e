import type { JsonValue, WorkflowNode } from '../../../../../shared/workflow/document';
import { readableEnv } from '../code/code-settings';
import { ItemScope, pairedItemOf } from '../expressions/scope';
import { NodeError, type CodeSettings, type Item, type JsonObject, type NodeContext, type NodeLookup, type NodeServices } from '../node-api';
import type { StaticDataRepository } from '../persistence/static-data-repository';
import { ExecutionRun, type Task } from './execution-run';

/** What a step's context needs from the engine, shared by every step. */
export interface StepEnvironment {
  revealSecret(name: string, field: string | undefined, workflowId: string): string;
  /** A value an expression derived from secrets (see SecretTaint). */
  taint(value: unknown, secrets: string[], source: string): void;
  services(run: ExecutionRun, step: StepContext): NodeServices;
  staticData: StaticDataRepository;
  code: CodeSettings;
}

const MAX_LOG_LINES = 500;
const MAX_LOG_LINE = 4000;

/**
 * The `NodeContext` one step runs with. Cheap to make: the expression scope, the abort signal
 * and the services are built only if the node asks for them.
 */
export class StepContext implements NodeContext {
  readonly node: WorkflowNode;
  readonly inputs: Record<string, Item[]>;
  readonly input: Item[];
  readonly dynamicParams: boolean;
  readonly logs: string[] = [];
  private scope: ItemScope | undefined;
  private signalValue: AbortSignal | undefined;
  private servicesValue: NodeServices | undefined;
  private timeoutController: AbortController | undefined;

  constructor(
    private readonly run: ExecutionRun,
    private readonly task: Task,
    readonly runIndex: number,
    readonly attempt: number,
    readonly idempotencyKey: string,
    readonly state: JsonValue | undefined,
    private readonly environment: StepEnvironment,
  ) {
    this.node = task.node.node;
    this.inputs = task.inputs;
    this.input = ExecutionRun.mainInput(task);
    this.dynamicParams = !task.node.template.isStatic;
  }

  get execution(): NodeContext['execution'] {
    const row = this.run.row;
    return { id: row.id, workflowId: row.workflowId, workflowName: row.workflowName, trigger: row.trigger, payload: this.run.payload };
  }

  get nodes(): NodeLookup {
    const run = this.run;
    const source = this.task.source;
    const data = { source, nodeRun: (name: string) => run.lastRuns.get(name) };
    return {
      names: () => [...run.plan.byName.keys()],
      output: (name) => {
        const outputs = run.lastRuns.get(name)?.outputs;
        return outputs ? (outputs.main ?? Object.values(outputs)[0] ?? []) : undefined;
      },
      pairedItem: (name, itemIndex) => pairedItemOf(data, name, itemIndex),
      parameters: (name) => run.plan.byName.get(name)?.node.parameters as JsonObject | undefined,
      previous: () => (source ? { name: source.node, output: source.output } : undefined),
    };
  }

  get staticData(): NodeContext['staticData'] {
    const store = this.environment.staticData;
    const workflowId = this.run.row.workflowId;
    const nodeId = this.node.id;
    return {
      get: (scope) => store.get(workflowId, scope === 'node' ? nodeId : undefined),
      set: (scope, data) => store.set(workflowId, scope === 'node' ? nodeId : undefined, data),
    };
  }

  get settings(): NodeContext['settings'] {
    const settings = this.run.plan.document.settings;
    return { timezone: settings?.timezone, variables: this.run.plan.variables as JsonObject, code: this.environment.code };
  }

  get signal(): AbortSignal {
    if (!this.signalValue) {
      const timeoutMs = this.task.node.timeoutMs;
      if (timeoutMs) {
        this.timeoutController = new AbortController();
        this.signalValue = AbortSignal.any([this.run.abort.signal, this.timeoutController.signal]);
      } else this.signalValue = this.run.abort.signal;
    }
    return this.signalValue;
  }

  /** Aborts the step's own signal (its timeout passed), leaving the execution's alone. */
  timeout(reason: Error): void {
    void this.signal;
    this.timeoutController?.abort(reason);
  }

  get services(): NodeServices {
    return (this.servicesValue ??= this.environment.services(this.run, this));
  }

  params<T = Record<string, unknown>>(itemIndex = 0): T {
    const plan = this.task.node;
    if (plan.template.isStatic) {
      if (plan.staticParams === undefined) {
        const result = plan.schema.safeParse(this.node.parameters);
        throw new NodeError(`Invalid parameters of "${this.node.name}": ${result.error?.issues.map((issue) => `${issue.path.join('.') || 'parameters'}: ${issue.message}`).join('; ')}`, 'invalid_parameters', true);
      }
      return plan.staticParams as T;
    }
    const scope = (this.scope ??= new ItemScope({
      workflow: { id: this.run.row.workflowId, name: this.run.row.workflowName },
      execution: { id: this.run.row.id, mode: this.run.row.trigger === 'manual' ? 'manual' : 'production' },
      variables: this.run.plan.variables,
      payload: this.run.payload,
      nodeName: this.node.name,
      runIndex: this.runIndex,
      input: this.input,
      source: this.task.source,
      nodeRun: (name) => this.run.lastRuns.get(name),
      nodeContext: (name) => {
        const id = this.run.plan.byName.get(name)?.node.id;
        return id === undefined ? undefined : this.run.states.get(id);
      },
      secret: (name, field) => this.environment.revealSecret(name, field, this.run.row.workflowId),
      taint: (value, secrets, source) => this.environment.taint(value, secrets, source),
      env: () => readableEnv(this.environment.code),
    }));
    let value: unknown;
    try {
      value = plan.template.evaluate(scope.forItem(itemIndex));
    } catch (error) {
      if (error instanceof Error && error.name === 'ExpressionError') throw new NodeError(`"${this.node.name}": ${error.message}`, 'expression_error', true);
      throw error;
    }
    const parsed = plan.schema.safeParse(value);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'parameters'}: ${issue.message}`).join('; ');
      throw new NodeError(`"${this.node.name}" (item ${itemIndex}): ${problems}`, 'invalid_parameters', true);
    }
    return parsed.data as T;
  }

  credential(slot: string, field?: string): string {
    const ref = this.node.credentials?.[slot];
    if (!ref) throw new NodeError(`"${this.node.name}" has no vault record in its "${slot}" credential.`, 'missing_credential', true);
    return this.environment.revealSecret(ref.secret, field ?? ref.field, this.run.row.workflowId);
  }

  log(message: string): void {
    if (this.logs.length >= MAX_LOG_LINES) return;
    this.logs.push(message.length > MAX_LOG_LINE ? `${message.slice(0, MAX_LOG_LINE)}… [${message.length - MAX_LOG_LINE} more characters]` : message);
    if (this.logs.length === MAX_LOG_LINES) this.logs.push(`… further log lines dropped`);
  }
}

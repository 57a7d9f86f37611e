import { createRequire } from 'node:module';
import type * as PromClient from 'prom-client';
import { version } from '../../../../../package.json';
import type { AlertSeverity } from '../../../../../shared/contract/alerts';
import { LabelLimiter } from './label-limiter';
import { FastCounter, FastHistogram } from './preaggregated';

/** What the gauges read at scrape time. Each call must be cheap: Prometheus may scrape every second. */
export interface MetricSources {
  queue(): { depth: number; ready: number; running: number; lagMs: number; capacity: number; deadLetter: number; refused: number; deduplicated: number };
  mcpServers(): Array<{ name: string; up: boolean; restarts: number }>;
  connections(): Array<{ name: string; integration: string; up: boolean; responseMs: number | null }>;
  alertsFiring(): Record<AlertSeverity, number>;
}

let promClient: typeof PromClient | undefined;
/**
 * prom-client at the first scrape or metric that needs it: loading it costs every CLI command
 * ~0.1 s, and most record nothing but the engine's own pre-aggregated series. It is CommonJS,
 * so it loads synchronously.
 */
function prom(): typeof PromClient {
  return (promClient ??= createRequire(import.meta.url)('prom-client') as typeof PromClient);
}

/**
 * Process metrics (CPU, memory, event loop, GC) belong to the process, not to a host: one
 * registry for them, made at the first scrape. Each collection adds observers that are never
 * removed, so a registry per host would pile them up in a process that opens several hosts.
 */
let processRegistry: PromClient.Registry | undefined;
function processMetrics(): PromClient.Registry {
  if (!processRegistry) {
    processRegistry = new (prom().Registry)();
    prom().collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

const executionLabels = (workflow_id: string, status: string, workflow: string) => ({ workflow_id, workflow, status });

const DURATION_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];
const CALL_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * Echelon's Prometheus metrics, in a registry of its own (a process may hold several hosts).
 * Names follow Prometheus conventions: `echelon_` prefix, base units (`_seconds`), `_total` for
 * counters. Labels carry names people gave (workflows, servers, connections) but never ids of
 * single runs, and each is capped by a `LabelLimiter`.
 */
interface Instruments {
  registry: PromClient.Registry;
  toolCallSeconds: PromClient.Histogram<'server' | 'tool' | 'outcome'>;
  agentTasks: PromClient.Counter<'agent' | 'status'>;
  tokens: PromClient.Counter<'model' | 'token_type'>;
  alertsFired: PromClient.Counter<'kind' | 'severity'>;
}

export class EchelonMetrics {
  private built: Instruments | undefined;
  private readonly workflows = new LabelLimiter(500);
  private readonly nodeTypes = new LabelLimiter(200);
  private readonly tools = new LabelLimiter(500);
  private readonly models = new LabelLimiter(50);
  private readonly agents = new LabelLimiter(200);

  // Keyed by workflow id (as limited) and status; the name is labelled as it was at the first run seen.
  private readonly executions = new FastCounter<string>('echelon_executions_total', 'Finished executions by workflow and final status.', executionLabels);
  private readonly executionSeconds = new FastHistogram<string>('echelon_execution_duration_seconds', 'Execution run time, from start to finish.', DURATION_BUCKETS, executionLabels);
  private readonly stepSeconds = new FastHistogram('echelon_step_duration_seconds', 'Step run time by node type and outcome (one sample per attempt).', DURATION_BUCKETS, (node_type, status) => ({ node_type, status }));

  constructor(
    private readonly sources: MetricSources,
    private readonly shell: string,
  ) {}

  /** The registry with every series, built at its first use. */
  get registry(): PromClient.Registry {
    return this.instruments().registry;
  }

  private instruments(): Instruments {
    return (this.built ??= this.build());
  }

  private build(): Instruments {
    const { Counter, Gauge, Histogram, Registry } = prom();
    const { sources, shell } = this;
    const registry = new Registry();
    const registers = [registry];
    new Gauge({ name: 'echelon_build_info', help: 'Echelon version and shell; always 1.', labelNames: ['version', 'shell'], registers }).set({ version, shell }, 1);
    for (const metric of [this.executions, this.executionSeconds, this.stepSeconds]) metric.register(registry);
    const toolCallSeconds = new Histogram({ name: 'echelon_mcp_tool_call_duration_seconds', help: 'MCP tool call latency, from workflows, agents, the gateway and the UI.', labelNames: ['server', 'tool', 'outcome'], buckets: CALL_BUCKETS, registers });
    const agentTasks = new Counter({ name: 'echelon_agent_tasks_total', help: 'Finished agent tasks by agent and status.', labelNames: ['agent', 'status'], registers });
    const tokens = new Counter({ name: 'echelon_gen_ai_tokens_total', help: 'Model tokens used by chat steps and agents (GenAI token types: input, output).', labelNames: ['model', 'token_type'], registers });
    const alertsFired = new Counter({ name: 'echelon_alerts_fired_total', help: 'Alerts fired by rule kind and severity.', labelNames: ['kind', 'severity'], registers });

    const queueGauge = (name: string, help: string, read: (queue: ReturnType<MetricSources['queue']>) => number) =>
      new Gauge({ name, help, registers, collect() { this.set(read(sources.queue())); } });
    queueGauge('echelon_queue_depth', 'Runs waiting in the queue (ready and scheduled for later).', (queue) => queue.depth);
    queueGauge('echelon_queue_ready', 'Runs ready to start now.', (queue) => queue.ready);
    queueGauge('echelon_queue_lag_seconds', 'How long the oldest ready run has waited to start.', (queue) => queue.lagMs / 1000);
    queueGauge('echelon_queue_capacity', 'Queue depth at which new runs are refused.', (queue) => queue.capacity);
    queueGauge('echelon_executions_running', 'Executions running now.', (queue) => queue.running);
    queueGauge('echelon_dead_letter_executions', 'Failed runs waiting for a retry or a discard.', (queue) => queue.deadLetter);
    const queueCounter = (name: string, help: string, read: (queue: ReturnType<MetricSources['queue']>) => number) =>
      new Counter({ name, help, registers, collect() { this.reset(); this.inc(read(sources.queue())); } });
    queueCounter('echelon_queue_refused_total', 'Runs refused because the queue was full.', (queue) => queue.refused);
    queueCounter('echelon_queue_deduplicated_total', 'Enqueues dropped as duplicates of a pending run.', (queue) => queue.deduplicated);

    new Gauge({
      name: 'echelon_mcp_server_up',
      help: 'Whether an MCP server is running (1) or not (0).',
      labelNames: ['server'],
      registers,
      collect() {
        this.reset();
        for (const server of sources.mcpServers()) this.set({ server: server.name }, server.up ? 1 : 0);
      },
    });
    new Counter({
      name: 'echelon_mcp_server_restarts_total',
      help: 'Automatic restarts of an MCP server after crashes.',
      labelNames: ['server'],
      registers,
      collect() {
        this.reset();
        for (const server of sources.mcpServers()) this.inc({ server: server.name }, server.restarts);
      },
    });
    new Gauge({
      name: 'echelon_connection_up',
      help: 'Whether a connection passes its health check (1) or not (0).',
      labelNames: ['connection', 'integration'],
      registers,
      collect() {
        this.reset();
        for (const connection of sources.connections()) this.set({ connection: connection.name, integration: connection.integration }, connection.up ? 1 : 0);
      },
    });
    new Gauge({
      name: 'echelon_connection_response_seconds',
      help: 'Response time of a connection’s last health check.',
      labelNames: ['connection', 'integration'],
      registers,
      collect() {
        this.reset();
        for (const connection of sources.connections()) {
          if (connection.responseMs !== null) this.set({ connection: connection.name, integration: connection.integration }, connection.responseMs / 1000);
        }
      },
    });
    new Gauge({
      name: 'echelon_alerts_firing',
      help: 'Alerts firing now, by severity.',
      labelNames: ['severity'],
      registers,
      collect() {
        for (const [severity, count] of Object.entries(sources.alertsFiring())) this.set({ severity }, count);
      },
    });
    return { registry, toolCallSeconds, agentTasks, tokens, alertsFired };
  }

  /** Called for every finished run: two map lookups, no label object. */
  execution(workflowId: string, workflowName: string, status: string, seconds: number): void {
    const id = this.workflows.value(workflowId);
    const name = id === workflowId ? workflowName : id;
    this.executions.inc(id, status, name);
    this.executionSeconds.observe(id, status, name, seconds);
  }

  step(nodeType: string, status: string, seconds: number): void {
    this.stepSeconds.observe(this.nodeTypes.value(nodeType), status, undefined, seconds);
  }

  toolCall(server: string, tool: string, outcome: 'ok' | 'tool_error' | 'error' | 'cancelled', seconds: number): void {
    const key = this.tools.value(`${server}\u0000${tool}`);
    this.instruments().toolCallSeconds.observe({ server: key === `${server}\u0000${tool}` ? server : key, tool: key === `${server}\u0000${tool}` ? tool : key, outcome }, seconds);
  }

  /** For the agents service: one finished task. */
  agentTask(agent: string, status: string): void {
    this.instruments().agentTasks.inc({ agent: this.agents.value(agent), status });
  }

  modelTokens(model: string, input: number, output: number): void {
    const label = this.models.value(model);
    const { tokens } = this.instruments();
    if (input > 0) tokens.inc({ model: label, token_type: 'input' }, input);
    if (output > 0) tokens.inc({ model: label, token_type: 'output' }, output);
  }

  alertFired(kind: string, severity: AlertSeverity): void {
    this.instruments().alertsFired.inc({ kind, severity });
  }

  /** The exposition text: Echelon's metrics, then the process's. */
  async text(): Promise<string> {
    return `${await this.registry.metrics()}\n${await processMetrics().metrics()}`;
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** Drops every series (a host that closes), without loading prom-client when nothing was recorded. */
  clear(): void {
    this.built?.registry.clear();
  }

  /** Series currently exposed (for the settings page). */
  async seriesCount(): Promise<number> {
    const metrics = await this.registry.getMetricsAsJSON();
    return metrics.reduce((sum, metric) => sum + (metric.values?.length ?? 0), 0);
  }
}

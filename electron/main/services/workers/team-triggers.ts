import { createHash } from 'node:crypto';
import { Queue, Worker, type Job } from 'bullmq';
import type { WorkflowDocument } from '../../../../shared/workflow/document';
import { webhookRoutes } from '../engine/trigger-index';
import { DEFAULT_WEBHOOK_LIMITS, WebhookServer, type WebhookRequest } from '../engine/webhooks/webhook-server';
import type { WebhookReply } from '../engine/node-api';
import type { TeamDispatch } from './team-dispatch';
import type { TeamState } from './team-state';

export interface TeamWorkflow {
  id: string;
  name: string;
  document: WorkflowDocument;
}

interface Tick {
  workflowId: string;
  nodeId: string;
  queue: string;
  timezone: string | null;
  /** The rule's fingerprint: a scheduler is upserted again only when its rule changed. */
  spec: string;
}

const UNIT_MS = { seconds: 1000, minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;
/** The BullMQ queue holding every schedule's ticks. */
export const SCHEDULES_QUEUE = 'echelon-schedules';
const queueOf = (document: WorkflowDocument) => document.settings?.workerQueue ?? 'default';

/** Team workflows set to run on the team's workers (a desktop runs the others). */
export async function loadTeamWorkflows(state: TeamState): Promise<TeamWorkflow[]> {
  const { rows } = await state.pool.query(
    `select id, name, document from public.workflows where org_id = $1 and not deleted and document -> 'settings' ->> 'runOn' = 'team'`,
    [state.options.org],
  );
  return rows.map((row: Record<string, unknown>) => ({ id: String(row.id), name: String(row.name), document: row.document as WorkflowDocument }));
}

/** Every schedule trigger of the workflows, as BullMQ job schedulers (id = workflow and node). */
export function schedulersOf(workflows: TeamWorkflow[]): Map<string, { repeat: { pattern?: string; every?: number; tz?: string }; tick: Tick }> {
  const schedulers = new Map<string, { repeat: { pattern?: string; every?: number; tz?: string }; tick: Tick }>();
  for (const workflow of workflows) {
    for (const node of workflow.document.nodes) {
      if (node.type !== 'schedule.trigger' || node.disabled) continue;
      const params = node.parameters;
      const tz = typeof params.timezone === 'string' ? params.timezone : workflow.document.settings?.timezone;
      const unit = (typeof params.unit === 'string' && params.unit in UNIT_MS ? params.unit : 'minutes') as keyof typeof UNIT_MS;
      const repeat =
        typeof params.cron === 'string' ? { pattern: params.cron, tz } : typeof params.every === 'number' && params.every > 0 ? { every: params.every * UNIT_MS[unit] } : undefined;
      if (!repeat) continue;
      const queue = queueOf(workflow.document);
      const spec = createHash('sha256').update(JSON.stringify([repeat, queue])).digest('hex').slice(0, 16);
      schedulers.set(`${workflow.id}:${node.id}`, { repeat, tick: { workflowId: workflow.id, nodeId: node.id, queue, timezone: tz ?? null, spec } });
    }
  }
  return schedulers;
}

export interface TeamTriggersOptions {
  redisUrl: string;
  prefix?: string;
  log(level: 'info' | 'warn', message: string): void;
}

/**
 * What starts team runs on the workers themselves: schedule triggers as BullMQ job schedulers
 * (every worker upserts the same scheduler id, BullMQ keeps one next job per scheduler, and one
 * worker takes each tick: one run per tick however many workers run) and, with
 * `--webhook-port`, webhook triggers. Either way the run's row commits, then its job is added.
 */
export class TeamTriggers {
  private readonly ticks: Queue<Tick>;
  private readonly ticker: Worker<Tick>;
  private webhooks: WebhookServer | undefined;
  private readonly queues = new Map<string, string>();

  constructor(
    private readonly dispatch: TeamDispatch,
    private readonly options: TeamTriggersOptions,
  ) {
    const connection = { url: options.redisUrl, maxRetriesPerRequest: null };
    const prefix = options.prefix ?? 'echelon';
    this.ticks = new Queue<Tick>(SCHEDULES_QUEUE, { connection, prefix });
    this.ticker = new Worker<Tick>(SCHEDULES_QUEUE, (job) => this.tick(job), { connection, prefix, concurrency: 4, removeOnComplete: { count: 0 }, removeOnFail: { count: 1000 } });
    const report = (error: Error) => options.log('warn', `Redis (schedules): ${error.message}`);
    this.ticks.on('error', report);
    this.ticker.on('error', report);
  }

  /** Listens for the team's webhooks on `port` (`host`: 127.0.0.1 unless a proxy in front needs another). */
  async listen(port: number, host: string): Promise<number> {
    this.webhooks = new WebhookServer((request) => this.webhook(request), DEFAULT_WEBHOOK_LIMITS);
    await this.webhooks.start(port, host);
    return this.webhooks.port;
  }

  /** Follows the team's workflows: their schedules and webhook routes. */
  async sync(workflows: TeamWorkflow[]): Promise<void> {
    this.webhooks?.setRoutes(webhookRoutes(workflows));
    this.queues.clear();
    for (const workflow of workflows) this.queues.set(workflow.id, queueOf(workflow.document));
    const wanted = schedulersOf(workflows);
    for (const [id, { repeat, tick }] of wanted) {
      const existing = await this.ticks.getJobScheduler(id);
      if (existing?.template?.data?.spec === tick.spec) continue;
      await this.ticks.upsertJobScheduler(id, repeat, { name: 'tick', data: tick });
      this.options.log('info', `Schedule ${id} is set on the team's workers.`);
    }
    for (const existing of await this.ticks.getJobSchedulers(0, -1)) {
      const id = existing.id ?? existing.key;
      if (!wanted.has(id)) await this.ticks.removeJobScheduler(id);
    }
  }

  /** One tick of a schedule: its run, deduplicated by the tick's time. */
  private async tick(job: Job<Tick>): Promise<void> {
    const { workflowId, nodeId, queue, timezone } = job.data;
    // A scheduler's job id is `repeat:<scheduler id>:<tick time>`: the same tick has the same time on every worker.
    const scheduledAt = Number(/:(\d+)$/.exec(job.id ?? '')?.[1] ?? job.timestamp);
    await this.dispatch.enqueue([
      {
        workflowId,
        trigger: 'schedule',
        queue,
        input: JSON.stringify({ node: nodeId, payload: { scheduledAt, timezone } }),
        dedupKey: `schedule:${workflowId}:${nodeId}:${scheduledAt}`,
      },
    ]);
  }

  /** Queues the webhook's run and answers at once with its id (the run may start on another worker). */
  private async webhook(request: WebhookRequest): Promise<WebhookReply> {
    const { route } = request;
    const [queued] = await this.dispatch.enqueue([{ workflowId: route.workflowId, trigger: 'webhook', queue: this.queues.get(route.workflowId) ?? 'default', input: JSON.stringify({ node: route.nodeId, payload: request.payload }) }]);
    if (!queued) throw Object.assign(new Error('The run was not queued.'), { status: 503 });
    return { status: route.responseCode, headers: {}, body: { message: 'Workflow was queued', executionId: queued.id } };
  }

  async close(): Promise<void> {
    await this.webhooks?.dispose();
    await this.ticker.close().catch(() => {});
    await this.ticks.close().catch(() => {});
  }
}

import { z } from 'zod';
import { AgentDetail, AgentMetrics, AgentSummary, ApiError, NewTask, TaskDetail, TaskState, TaskSummary, type MethodName } from '../../../shared/contract';

/** `GET /api/v1/health`: is Echelon up, and how busy are its agents. */
export const Health = z.object({
  status: z.literal('ok'),
  version: z.string(),
  uptimeSeconds: z.number(),
  agents: z.object({ total: z.number().int(), running: z.number().int() }),
  tasks: z.object({ pending: z.number().int(), processing: z.number().int(), awaitingApproval: z.number().int() }),
});

export interface RouteInput {
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
}

/**
 * One REST route: a path with `:params`, the contract method it calls and how its input is
 * built from the request. The OpenAPI document is generated from these, with the contract's
 * zod schemas, so the API and its description cannot drift apart.
 */
export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  operationId: string;
  summary: string;
  /** A contract method, or `health` (answered by the REST module itself). */
  call: MethodName | 'health';
  input?: (request: RouteInput) => unknown;
  params?: Record<string, string>;
  query?: z.ZodObject;
  body?: z.ZodType;
  response: z.ZodType;
  status?: number;
}

const positive = (value: string | null) => (value === null ? undefined : Number(value));

export const TaskQuery = z.object({
  agent: z.string().optional().meta({ description: 'An agent name or id.' }),
  state: TaskState.optional(),
  deadLetter: z.enum(['true', 'false']).optional(),
  before: z.string().regex(/^\d+$/).optional().meta({ description: 'Tasks older than this id (the next page).' }),
  limit: z.string().regex(/^\d+$/).optional().meta({ description: 'At most this many (1–500, default 50).' }),
});

const agentId = { id: 'The agent\'s id or name.' };
const taskId = { id: 'The task\'s id.' };

/** The API the operator dashboard of the original brief names, over the agents contract. */
export const ROUTES: readonly Route[] = [
  { method: 'GET', path: '/health', operationId: 'getHealth', summary: 'Whether Echelon is up, with agent and queue counts.', call: 'health', response: Health },
  { method: 'GET', path: '/agents', operationId: 'listAgents', summary: 'Every agent with its live status, queue and today\'s numbers.', call: 'agents.list', input: () => ({}), response: z.array(AgentSummary) },
  { method: 'GET', path: '/agents/:id', operationId: 'getAgent', summary: 'One agent with its definition and versions.', call: 'agents.get', params: agentId, input: ({ params }) => ({ agent: params.id }), response: AgentDetail },
  { method: 'POST', path: '/agents/:id/start', operationId: 'startAgent', summary: 'Check its provider and tools, then take tasks from its queue.', call: 'agents.start', params: agentId, input: ({ params }) => ({ agent: params.id }), response: AgentSummary },
  { method: 'POST', path: '/agents/:id/stop', operationId: 'stopAgent', summary: 'Stop at once; running tasks go back to the queue.', call: 'agents.stop', params: agentId, input: ({ params }) => ({ agent: params.id }), response: AgentSummary },
  {
    method: 'GET',
    path: '/agents/:id/metrics',
    operationId: 'getAgentMetrics',
    summary: 'Per day: tasks done and failed, success rate, steps per task, latency percentiles, tokens and cost.',
    call: 'agents.metrics',
    params: agentId,
    query: z.object({ days: z.string().regex(/^\d+$/).optional().meta({ description: 'Days back from today (1–366, default 14).' }) }),
    input: ({ params, query }) => ({ agent: params.id, days: positive(query.get('days')) }),
    response: AgentMetrics,
  },
  {
    method: 'POST',
    path: '/tasks',
    operationId: 'createTask',
    summary: 'Give an agent a task; it waits in the agent\'s queue by priority. An `X-Correlation-Id` header is kept with it.',
    call: 'agents.tasks.create',
    body: NewTask.omit({ source: true }),
    input: ({ body }) => ({ ...(body as object), source: 'api' }),
    response: TaskSummary,
    status: 201,
  },
  {
    method: 'GET',
    path: '/tasks',
    operationId: 'listTasks',
    summary: 'Tasks, newest first.',
    call: 'agents.tasks.list',
    query: TaskQuery,
    input: ({ query }) => ({
      agent: query.get('agent') ?? undefined,
      state: query.get('state') ?? undefined,
      deadLetter: query.has('deadLetter') ? query.get('deadLetter') === 'true' : undefined,
      beforeId: positive(query.get('before')),
      limit: positive(query.get('limit')),
    }),
    response: z.array(TaskSummary),
  },
  { method: 'GET', path: '/tasks/:id', operationId: 'getTask', summary: 'One task with every model turn, tool call and approval.', call: 'agents.tasks.get', params: taskId, input: ({ params }) => ({ id: Number(params.id) }), response: TaskDetail },
  {
    method: 'DELETE',
    path: '/tasks/:id',
    operationId: 'cancelTask',
    summary: 'Cancel a task; a running one is aborted at once (the provider request and the tool call in flight).',
    call: 'agents.tasks.cancel',
    params: taskId,
    input: ({ params }) => ({ id: Number(params.id) }),
    response: TaskSummary,
  },
];

export const ErrorBody = z.object({ error: ApiError });

import type { AgentDayMetrics, AgentMetrics } from '../../../../../shared/contract';
import type { FinishedRow } from '../persistence/task-repository';

const DAY_MS = 86_400_000;

/** The local calendar day of a time, `YYYY-MM-DD`. */
export function dayOf(ms: number): string {
  const date = new Date(ms);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/** Local midnight `days - 1` days ago: the start of a range of `days` calendar days ending today. */
export function rangeStart(days: number, now = Date.now()): number {
  const date = new Date(now);
  date.setHours(0, 0, 0, 0);
  date.setDate(date.getDate() - (days - 1));
  return date.getTime();
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/**
 * Tasks done, failed and stopped, success rate (completed out of those), turns per task,
 * latency percentiles (start to finish of completed tasks), tokens and cost of a set of
 * finished tasks. Cancelled tasks count for tokens and cost only.
 */
export function aggregate(rows: readonly FinishedRow[], day: string, agentId: string | null, agentName: string): AgentDayMetrics {
  let completed = 0;
  let failed = 0;
  let stopped = 0;
  let turns = 0;
  let inputTokens = 0;
  let outputTokens = 0;
  let costUsd = 0;
  const latencies: number[] = [];
  for (const row of rows) {
    inputTokens += row.inputTokens;
    outputTokens += row.outputTokens;
    costUsd += row.costUsd;
    if (row.state === 'cancelled') continue;
    turns += row.turns;
    if (row.state === 'completed') {
      completed++;
      if (row.startedAt !== null) latencies.push(row.finishedAt - row.startedAt);
    } else if (row.state === 'stopped') stopped++;
    else failed++;
  }
  const finished = completed + failed + stopped;
  latencies.sort((a, b) => a - b);
  return {
    day,
    agentId,
    agentName,
    completed,
    failed,
    stopped,
    successRate: finished > 0 ? completed / finished : null,
    stepsPerTask: finished > 0 ? turns / finished : null,
    latencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99) },
    inputTokens,
    outputTokens,
    costUsd,
  };
}

function groupBy<K>(rows: readonly FinishedRow[], key: (row: FinishedRow) => K): Map<K, FinishedRow[]> {
  const groups = new Map<K, FinishedRow[]>();
  for (const row of rows) {
    const k = key(row);
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

/** Per agent and day, per agent over the range, and all agents per day (every day of the range, empty ones too). */
export function agentMetrics(rows: readonly FinishedRow[], from: number, to: number): AgentMetrics {
  const days: string[] = [];
  for (let at = from; at < to; at += DAY_MS) {
    const day = dayOf(at);
    if (days.at(-1) !== day) days.push(day);
  }
  const range = `${days[0] ?? dayOf(from)}..${days.at(-1) ?? dayOf(to)}`;
  const byAgent = groupBy(rows, (row) => `${row.agentId ?? ''}\u0000${row.agentName}`);
  const perDay: AgentDayMetrics[] = [];
  const perAgent: AgentDayMetrics[] = [];
  for (const [key, agentRows] of byAgent) {
    const [agentId, agentName] = key.split('\u0000') as [string, string];
    const id = agentId || null;
    perAgent.push(aggregate(agentRows, range, id, agentName));
    const byDay = groupBy(agentRows, (row) => dayOf(row.finishedAt));
    for (const day of days) perDay.push(aggregate(byDay.get(day) ?? [], day, id, agentName));
  }
  const allByDay = groupBy(rows, (row) => dayOf(row.finishedAt));
  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    days: perDay,
    agents: perAgent.sort((a, b) => a.agentName.localeCompare(b.agentName)),
    totals: days.map((day) => aggregate(allByDay.get(day) ?? [], day, null, 'All agents')),
  };
}

import type { EngineMetrics, ServerOverview } from '../../../../shared/contract';

export interface RunningSummary {
  /** One line for the tray's tooltip and menu. */
  summary: string;
  /** Something is running right now: the tray shows its busy icon. */
  busy: boolean;
}

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** What Echelon is doing, in one line: supervised servers, runs in progress, runs that need a person. */
export function runningSummary(servers: readonly Pick<ServerOverview, 'status'>[], queue: EngineMetrics['queue']): RunningSummary {
  const up = servers.filter((server) => server.status === 'running' || server.status === 'degraded').length;
  const active = queue.running + queue.ready;
  const parts = [
    servers.length > 0 ? `${up} of ${plural(servers.length, 'MCP server')} running` : 'No MCP servers',
    active > 0 ? `${plural(active, 'run')} in progress` : 'no runs in progress',
  ];
  if (queue.deadLetter > 0) parts.push(`${plural(queue.deadLetter, 'failed run')} to look at`);
  return { summary: parts.join(' · '), busy: active > 0 };
}

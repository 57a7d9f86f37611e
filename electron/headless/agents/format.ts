import type { AgentSummary, TaskDetail, TaskSummary } from '../../../shared/contract';

function pad(text: string, width: number): string {
  return text.length >= width ? `${text.slice(0, width - 1)}… ` : text.padEnd(width + 1);
}

const usd = (value: number) => `$${value < 0.01 && value > 0 ? value.toFixed(4) : value.toFixed(2)}`;
const seconds = (ms: number | null) => (ms === null ? '-' : ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`);

export function agentTable(agents: AgentSummary[]): string {
  if (agents.length === 0) return 'No agents yet. Create one on the Agents page, or import one with `echelon agent import FILE`.\n';
  const header = `${pad('NAME', 22)}${pad('STATUS', 9)}${pad('MODEL', 22)}${pad('PROVIDER', 16)}${pad('QUEUE', 12)}TODAY`;
  const rows = agents.map((agent) => {
    const queue = `${agent.queue.pending + agent.queue.scheduled} waiting${agent.queue.awaitingApproval ? `, ${agent.queue.awaitingApproval} ask` : ''}`;
    return `${pad(agent.name, 22)}${pad(agent.status, 9)}${pad(agent.model, 22)}${pad(agent.provider, 16)}${pad(queue, 12)}${agent.today.completed} done, ${agent.today.failed} failed, ${usd(agent.today.costUsd)}`;
  });
  const errors = agents.filter((agent) => agent.lastError).map((agent) => `  ${agent.name}: ${agent.lastError}`);
  return [header, ...rows, ...(errors.length ? ['', 'Errors:', ...errors] : []), ''].join('\n');
}

export function taskTable(tasks: TaskSummary[]): string {
  if (tasks.length === 0) return 'No tasks.\n';
  const header = `${pad('ID', 6)}${pad('STATUS', 24)}${pad('PRIORITY', 9)}${pad('CREATED', 20)}${pad('TIME', 8)}TASK`;
  const rows = tasks.map(
    (task) => `${pad(String(task.id), 6)}${pad(task.status + (task.deadLetter ? ' (dead letter)' : ''), 24)}${pad(task.priority, 9)}${pad(task.createdAt.slice(0, 19).replace('T', ' '), 20)}${pad(seconds(task.durationMs), 8)}${task.task.split('\n')[0]!.slice(0, 80)}`,
  );
  return [header, ...rows, ''].join('\n');
}

/** What `agent run --json` prints: the outcome, the answer, each tool call, the usage. */
export function runReport(task: TaskDetail) {
  return {
    taskId: task.id,
    status: task.status,
    state: task.state,
    stopReason: task.stopReason,
    answer: task.answer,
    error: task.error,
    toolCalls: task.toolCallList,
    usage: task.usage,
    steps: task.steps,
  };
}

export function runSummary(task: TaskDetail): string {
  const usage = `${task.usage.inputTokens} tokens in, ${task.usage.outputTokens} out, ${usd(task.usage.costUsd)}`;
  return `Task ${task.id} ${task.status} in ${seconds(task.durationMs)}: ${task.steps} turn${task.steps === 1 ? '' : 's'}, ${task.toolCalls} tool call${task.toolCalls === 1 ? '' : 's'}, ${usage}.${task.error ? `\n${task.error}` : ''}\n`;
}

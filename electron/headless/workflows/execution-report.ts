import type { ExecutionDetail, ValidationProblem } from '../../../shared/contract';
import type { CliContext } from '../cli-context';

export function problemLines(problems: ValidationProblem[]): string {
  return problems.map((problem) => `  - ${problem.path || '(document)'}: ${problem.message}`).join('\n');
}

export const duration = (value: number | undefined) => (value === undefined ? '' : value < 1000 ? `${Math.round(value)} ms` : `${(value / 1000).toFixed(2)} s`);

/** A message without its own `Error:` prefix, where the report already says what it is. */
const bare = (message: string) => message.replace(/^(?:Error:\s*)+/, '');

/** A retried execution's attempts, each with its own time, then the total. */
function attemptsLine(execution: ExecutionDetail): string | undefined {
  if (execution.attempt < 2) return undefined;
  const each = execution.attempts.map((attempt) => `${attempt.attempt} ${attempt.status}${attempt.durationMs !== undefined ? ` in ${duration(attempt.durationMs)}` : ''}`);
  return `Attempts: ${each.join(' · ')}${execution.totalMs !== undefined ? ` · ${duration(execution.totalMs)} since the first began` : ''}`;
}

/** An execution as people read it: status and this attempt's time, attempts, each step, then the output. */
export function describeExecution(execution: ExecutionDetail): string {
  const lines = [`Execution ${execution.id} ${execution.status}${execution.durationMs !== undefined ? ` in ${duration(execution.durationMs)}` : ''} (workflow "${execution.workflowName}" v${execution.workflowVersion})`];
  const attempts = attemptsLine(execution);
  if (attempts) lines.push(attempts);
  if (execution.error) lines.push(`Error: ${bare(execution.error.message)}${execution.error.nodeName ? ` (at "${execution.error.nodeName}")` : ''}`);
  lines.push('Steps:');
  const width = Math.max(4, ...execution.steps.map((step) => step.nodeName.length));
  for (const step of execution.steps) {
    lines.push(`  ${String(step.seq + 1).padStart(3)}  ${step.nodeName.padEnd(width)}  ${step.status.padEnd(9)}  attempt ${step.attempt}  ${duration(step.durationMs).padStart(8)}${step.error ? `  ${step.error.message}` : ''}`);
  }
  lines.push('Output:');
  lines.push(JSON.stringify(execution.output.value, null, 2) + (execution.output.truncated ? `\n(cut: the full output is ${execution.output.bytes} bytes)` : ''));
  return `${lines.join('\n')}\n`;
}

/** An execution as JSON or as the readable report, per `--json`. */
export function printExecution(ctx: CliContext, execution: ExecutionDetail, json: boolean | undefined): void {
  if (json) ctx.printJson(execution);
  else ctx.io.out(describeExecution(execution));
}

/** Where and until when a waiting execution waits, e.g. `until 14:05:03 at "Wait"`. */
export function waitingAt(execution: ExecutionDetail): string {
  const step = execution.steps.find((candidate) => candidate.status === 'waiting');
  if (!step?.waitUntil) return step ? `at "${step.nodeName}" for a person` : 'in the queue';
  const until = new Date(step.waitUntil);
  const sameDay = until.toDateString() === new Date().toDateString();
  return `until ${sameDay ? until.toTimeString().slice(0, 8) : until.toISOString()} at "${step.nodeName}"`;
}

/** Exit 1 with one line when the execution did not succeed. */
export function failUnlessSucceeded(execution: ExecutionDetail): void {
  if (execution.status !== 'succeeded') throw new Error(`Execution ${execution.id} ${execution.status}${execution.error ? `: ${bare(execution.error.message)}` : ''}`);
}

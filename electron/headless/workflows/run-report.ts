import type { CliContext } from '../cli-context';
import type { HostClient } from '../host-client';
import { failUnlessSucceeded, printExecution, waitingAt } from './execution-report';
import { followExecution } from './follow-execution';

export interface RunReportOptions {
  json?: boolean;
  /** False (`--no-wait`): print the id and where the run will finish instead of waiting for its end. */
  wait: boolean;
}

/** Where a run that this command does not wait for will finish. */
function whereItFinishes(client: HostClient): string {
  return client.remote
    ? `in ${client.where}`
    : 'in the next Echelon to run on this data dir (`echelon serve` or the desktop app; none is running now)';
}

/**
 * Reports a run the way people and scripts expect: waiting for its end (a delay included) and
 * printing it, exit 1 unless it succeeded; or, with `--no-wait`, its id on stdout and where it
 * will finish on stderr. Without a running Echelon, `--no-wait` still runs it here until it ends
 * (printed as with waiting) or parks, since nothing else would run it now.
 */
export async function reportRun(ctx: CliContext, client: HostClient, executionId: number, options: RunReportOptions): Promise<void> {
  if (!options.wait && client.remote) return notWaited(ctx, client, executionId, 'is queued', options.json);
  const execution = await followExecution(client, executionId, {
    until: options.wait ? 'finished' : 'settled',
    onWaiting: (waiting) => {
      if (!options.json) ctx.io.err(`Execution ${waiting.id} waits ${waitingAt(waiting)}; this command waits with it (--no-wait returns at once).\n`);
    },
  });
  if (execution.status === 'waiting') return notWaited(ctx, client, executionId, `waits ${waitingAt(execution)}`, options.json);
  printExecution(ctx, execution, options.json);
  failUnlessSucceeded(execution);
}

/** The id on stdout (or JSON), and on stderr where the run will finish without this command. */
function notWaited(ctx: CliContext, client: HostClient, executionId: number, state: string, json: boolean | undefined): void {
  const finishesIn = whereItFinishes(client);
  if (json) ctx.printJson({ executionId, finishesIn });
  else ctx.io.out(`${executionId}\n`);
  ctx.io.err(`Execution ${executionId} ${state} and will finish ${finishesIn}: \`echelon executions show ${executionId}\` shows it.\n`);
}

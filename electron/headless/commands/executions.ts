import { Option, type Command } from 'commander';
import { ExecutionStatus } from '../../../shared/contract';
import { UsageError, type CliContext } from '../cli-context';
import { withHostClient } from '../host-client';
import { unlockVault } from '../vault-unlock';
import { duration, printExecution } from '../workflows/execution-report';
import { reportRun } from '../workflows/run-report';
import { vaultNeedOf } from '../workflows/vault-need';

const id = (value: string) => {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`"${value}" is not an execution id (a number from 1).`);
  return Number(value);
};

export function registerExecutions(program: Command, ctx: CliContext): void {
  const executions = program.command('executions').description('List, inspect, retry and cancel workflow executions');

  executions
    .command('list')
    .description('Executions, newest first')
    .addOption(new Option('--status <status>', 'only this status').choices(ExecutionStatus.options))
    .option('--workflow <id>', 'only this workflow')
    .option('--dead-letter', 'only failed runs waiting for retry or discard')
    .addOption(new Option('--limit <n>', 'how many').default(50).argParser((value) => {
      if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 500) throw new UsageError('--limit takes a number from 1 to 500.');
      return Number(value);
    }))
    .option('--json', 'print machine-readable JSON')
    .action(async (options: { status?: ExecutionStatus; workflow?: string; deadLetter?: boolean; limit: number; json?: boolean }) => {
      await withHostClient(ctx, {}, async (client) => {
        const page = await client.call('executions.list', { status: options.status, workflowId: options.workflow, deadLetter: options.deadLetter, limit: options.limit });
        if (options.json) return ctx.printJson(page);
        if (page.items.length === 0) return ctx.io.out('No executions.\n');
        for (const item of page.items) {
          const time = item.durationMs === undefined ? '' : `  ${duration(item.durationMs)}${item.attempt > 1 ? ` (attempt ${item.attempt})` : ''}`;
          ctx.io.out(`${String(item.id).padStart(6)}  ${item.status.padEnd(9)}  ${item.createdAt}  ${item.workflowName}${time}${item.error ? `  — ${item.error.message}` : ''}\n`);
        }
      });
    });

  executions
    .command('show')
    .description('One execution with its attempts, steps, durations and output')
    .argument('<id>', 'execution id', id)
    .option('--json', 'print machine-readable JSON')
    .action(async (executionId: number, options: { json?: boolean }) => {
      await withHostClient(ctx, {}, async (client) => printExecution(ctx, await client.call('executions.get', { id: executionId }), options.json));
    });

  executions
    .command('retry')
    .description('Resume a failed, cancelled or crashed execution from its first unfinished step, as a new attempt, and wait for it')
    .argument('<id>', 'execution id', id)
    .addOption(new Option('--no-wait', 'print the id and where it will finish, instead of waiting for its end'))
    .option('--json', 'print the execution as JSON')
    .action(async (executionId: number, options: { wait: boolean; json?: boolean }) => {
      await withHostClient(ctx, { engine: true }, async (client) => {
        const execution = await client.call('executions.get', { id: executionId });
        // A deleted workflow cannot be retried: the engine says so below.
        const pinned = await client.call('workflows.get', { id: execution.workflowId, version: execution.workflowVersion }).catch(() => undefined);
        const need = pinned && vaultNeedOf(pinned.document);
        if (need) await unlockVault(client, ctx, need);
        await client.call('executions.retry', { id: executionId });
        await reportRun(ctx, client, executionId, { json: options.json, wait: options.wait });
      });
    });

  executions
    .command('cancel')
    .description('Cancel a queued, running or waiting execution')
    .argument('<id>', 'execution id', id)
    .option('--json', 'print machine-readable JSON')
    .action(async (executionId: number, options: { json?: boolean }) => {
      await withHostClient(ctx, { engine: true }, async (client) => {
        const summary = await client.call('executions.cancel', { id: executionId });
        if (options.json) ctx.printJson(summary);
        else ctx.io.out(`Execution ${summary.id} ${summary.status}.\n`);
      });
    });
}

import { Option, type Command } from 'commander';
import { ExecutionStatus } from '../../../shared/contract';
import { callOrThrow } from '../call';
import { UsageError, withHost, type CliContext } from '../cli-context';
import { printExecution, openEngine } from './workflow';

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
      await withHost(ctx.openHost(), async (host) => {
        const page = await callOrThrow(host, 'executions.list', { status: options.status, workflowId: options.workflow, deadLetter: options.deadLetter, limit: options.limit });
        if (options.json) return ctx.printJson(page);
        if (page.items.length === 0) return ctx.io.out('No executions.\n');
        for (const item of page.items) {
          ctx.io.out(`${String(item.id).padStart(6)}  ${item.status.padEnd(9)}  ${item.createdAt}  ${item.workflowName}${item.error ? `  — ${item.error.message}` : ''}\n`);
        }
      });
    });

  executions
    .command('show')
    .description('One execution with its steps, attempts, durations and output')
    .argument('<id>', 'execution id', id)
    .option('--json', 'print machine-readable JSON')
    .action(async (executionId: number, options: { json?: boolean }) => {
      await withHost(ctx.openHost(), async (host) => {
        const execution = await callOrThrow(host, 'executions.get', { id: executionId });
        printExecution(ctx, execution, options.json);
      });
    });

  executions
    .command('retry')
    .description('Resume a failed, cancelled or crashed execution from its first unfinished step, and wait for it')
    .argument('<id>', 'execution id', id)
    .option('--json', 'print the execution as JSON')
    .action(async (executionId: number, options: { json?: boolean }) => {
      await withHost(openEngine(ctx), async (host) => {
        await callOrThrow(host, 'executions.retry', { id: executionId });
        await host.engine.waitFor(executionId);
        const execution = await callOrThrow(host, 'executions.get', { id: executionId });
        printExecution(ctx, execution, options.json);
        if (execution.status !== 'succeeded') throw new Error(`Execution ${execution.id} ${execution.status}${execution.error ? `: ${execution.error.message}` : ''}`);
      });
    });

  executions
    .command('cancel')
    .description('Cancel a queued or waiting execution')
    .argument('<id>', 'execution id', id)
    .option('--json', 'print machine-readable JSON')
    .action(async (executionId: number, options: { json?: boolean }) => {
      await withHost(openEngine(ctx), async (host) => {
        const summary = await callOrThrow(host, 'executions.cancel', { id: executionId });
        await host.engine.persisted();
        if (options.json) ctx.printJson(summary);
        else ctx.io.out(`Execution ${summary.id} ${summary.status}.\n`);
      });
    });
}

import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { EchelonError, type ExecutionDetail, type ValidationProblem } from '../../../shared/contract';
import { importN8nWorkflow, isN8nExport } from '../../main/services/engine/n8n/import-n8n';
import type { Host } from '../../main/services/host';
import { callOrThrow } from '../call';
import { UsageError, withHost, type CliContext } from '../cli-context';

function readFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}.`);
  }
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${what} is not JSON: ${(error as Error).message}`);
  }
}

export function problemLines(problems: ValidationProblem[]): string {
  return problems.map((problem) => `  - ${problem.path || '(document)'}: ${problem.message}`).join('\n');
}

const ms = (value: number | undefined) => (value === undefined ? '' : value < 1000 ? `${Math.round(value)} ms` : `${(value / 1000).toFixed(2)} s`);

/** An execution as people read it: status, then each step, then the output. */
export function describeExecution(execution: ExecutionDetail): string {
  const lines = [`Execution ${execution.id} ${execution.status}${execution.durationMs !== undefined ? ` in ${ms(execution.durationMs)}` : ''} (workflow "${execution.workflowName}" v${execution.workflowVersion})`];
  if (execution.error) lines.push(`Error: ${execution.error.message}${execution.error.nodeName ? ` (at "${execution.error.nodeName}")` : ''}`);
  lines.push('Steps:');
  const width = Math.max(4, ...execution.steps.map((step) => step.nodeName.length));
  for (const step of execution.steps) {
    lines.push(`  ${String(step.seq + 1).padStart(3)}  ${step.nodeName.padEnd(width)}  ${step.status.padEnd(9)}  attempt ${step.attempt}  ${ms(step.durationMs).padStart(8)}${step.error ? `  ${step.error.message}` : ''}`);
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

/** Starts the engine for a one-off command: no schedules, no webhooks, no resuming other runs. */
export async function openEngine(ctx: CliContext): Promise<Host> {
  const host = ctx.openHost();
  try {
    await host.engine.start({ owner: 'cli', recover: false, schedules: false, webhookPort: false, retention: false });
  } catch (error) {
    await host.dispose();
    throw error;
  }
  return host;
}

export function registerWorkflow(program: Command, ctx: CliContext): void {
  const workflow = program.command('workflow').description('Validate, import, export and run workflows');

  workflow
    .command('validate')
    .description('Check a workflow file (Echelon or n8n export); exit 2 listing every problem')
    .argument('<file>', 'workflow JSON file')
    .option('--json', 'print machine-readable JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      let document = parseJson(readFile(file), file);
      const notes: string[] = [];
      if (isN8nExport(document)) {
        const mapped = importN8nWorkflow(document, () => undefined);
        document = mapped.document;
        notes.push(...mapped.notes);
      }
      await withHost(ctx.openHost(), async (host) => {
        const report = await callOrThrow(host, 'workflows.validate', { document });
        if (options.json) ctx.printJson({ ...report, notes });
        else if (report.ok) ctx.io.out(`${file}: valid.\n`);
        if (!report.ok) {
          if (!options.json) ctx.io.err(`${file}: ${report.problems.length} problem${report.problems.length > 1 ? 's' : ''}:\n${problemLines(report.problems)}\n`);
          throw new EchelonError('invalid_input', `${file} is not valid (${report.problems.length} problem${report.problems.length > 1 ? 's' : ''}).`);
        }
      });
    });

  workflow
    .command('import')
    .description('Import an Echelon workflow or an n8n export; prints the workflow id')
    .argument('<file>', 'workflow JSON file')
    .option('--json', 'print machine-readable JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      const text = readFile(file);
      await withHost(ctx.openHost(), async (host) => {
        const result = await callOrThrow(host, 'workflows.import', { text });
        if (options.json) ctx.printJson(result);
        else {
          ctx.io.out(`${result.id}\n`);
          if (result.unsupported.length > 0) {
            ctx.io.err(`Imported "${result.name}" from n8n; these nodes have no Echelon equivalent and must be replaced before it runs:\n`);
            for (const node of result.unsupported) ctx.io.err(`  - ${node.name} (${node.type})\n`);
          }
          for (const note of result.notes.filter((note) => !result.unsupported.some((node) => note.includes(`"${node.name}"`)))) ctx.io.err(`note: ${note}\n`);
          if (result.problems.length > 0) ctx.io.err(`It has ${result.problems.length} problem(s) to fix before it runs:\n${problemLines(result.problems)}\n`);
        }
      });
    });

  workflow
    .command('export')
    .description('Print a workflow as canonical JSON (sorted keys; re-importable without loss)')
    .argument('<id>', 'workflow id')
    .addOption(new Option('--saved-version <n>', 'a saved version (default: the current one)').argParser((value) => {
      if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError('--saved-version takes a version number from 1.');
      return Number(value);
    }))
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .action(async (id: string, options: { savedVersion?: number; output?: string }) => {
      await withHost(ctx.openHost(), async (host) => {
        const { text } = await callOrThrow(host, 'workflows.export', { id, version: options.savedVersion });
        if (options.output) fs.writeFileSync(options.output, text);
        else ctx.io.out(text);
      });
    });

  workflow
    .command('list')
    .description('List workflows with their version and last run')
    .option('--json', 'print machine-readable JSON')
    .action(async (options: { json?: boolean }) => {
      await withHost(ctx.openHost(), async (host) => {
        const list = await callOrThrow(host, 'workflows.list', {});
        if (options.json) return ctx.printJson(list);
        if (list.length === 0) return ctx.io.out('No workflows yet: import one with `echelon workflow import FILE`.\n');
        for (const item of list) ctx.io.out(`${item.id}  v${item.version}  ${item.name}${item.lastRun ? `  (last run ${item.lastRun.status})` : ''}${item.problemCount ? `  [${item.problemCount} problem(s)]` : ''}\n`);
      });
    });

  workflow
    .command('run')
    .description('Run a workflow (a file, imported first, or a saved id) to completion and print the execution; exit 1 if it failed')
    .argument('<file-or-id>', 'workflow JSON file or workflow id')
    .option('--input <json>', 'input for the trigger, as JSON')
    .option('--json', 'print the execution as JSON')
    .action(async (target: string, options: { input?: string; json?: boolean }) => {
      const input = options.input === undefined ? undefined : parseJson(options.input, '--input');
      await withHost(openEngine(ctx), async (host) => {
        let id = target;
        if (fs.existsSync(target) && fs.statSync(target).isFile()) {
          const imported = await callOrThrow(host, 'workflows.import', { text: readFile(target) });
          id = imported.id;
          if (!options.json) ctx.io.err(`Imported ${path.basename(target)} as ${id} (version ${imported.version}).\n`);
        }
        const result = await callOrThrow(host, 'workflows.run', { id, input: input as never, wait: true });
        const execution = result.execution!;
        printExecution(ctx, execution, options.json);
        if (execution.status !== 'succeeded') throw new Error(`Execution ${execution.id} ${execution.status}${execution.error ? `: ${execution.error.message}` : ''}`);
      });
    });
}

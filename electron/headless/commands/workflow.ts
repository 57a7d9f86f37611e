import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { EchelonError, type WorkflowImportResult } from '../../../shared/contract';
import { serializeWorkflow } from '../../../shared/workflow/serialize';
import { UsageError, type CliContext } from '../cli-context';
import { withHostClient, type HostClient } from '../host-client';
import { unlockVault } from '../vault-unlock';
import { problemLines } from '../workflows/execution-report';
import { reportRun } from '../workflows/run-report';
import { slug, STARTER_TRIGGERS, starterWorkflow, type StarterTrigger } from '../workflows/starter-workflow';
import { vaultNeedOf } from '../workflows/vault-need';
import { parseJson, readWorkflowFile } from '../workflows/workflow-file';

const replaceOption = () => new Option('--replace <id>', 'make it a new version of this workflow, whatever its own id and name');

/** What an import did, for people: on stderr, so stdout stays the id. */
function describeImport(ctx: CliContext, file: string, result: WorkflowImportResult): void {
  const outcome = {
    created: `Imported ${path.basename(file)} as a new workflow, ${result.id}.`,
    updated: `${path.basename(file)} changed: saved as version ${result.version} of ${result.id}.`,
    unchanged: `${path.basename(file)} is already version ${result.version} of ${result.id}: nothing changed.`,
  }[result.outcome];
  ctx.io.err(`${outcome}\n`);
  if (result.unsupported.length > 0) {
    ctx.io.err(`Imported "${result.name}" from n8n; these nodes have no Echelon equivalent yet. What would make each run:\n`);
    for (const node of result.unsupported) ctx.io.err(`  - ${node.name} (${node.type})${node.remedy ? `\n      ${node.remedy}` : ''}\n`);
  }
  for (const note of result.notes.filter((note) => !result.unsupported.some((node) => note.includes(`"${node.name}"`)))) ctx.io.err(`note: ${note}\n`);
  if (result.problems.length > 0) ctx.io.err(`It has ${result.problems.length} problem(s) to fix before it runs:\n${problemLines(result.problems)}\n`);
}

/** A file is imported (a new version only if it changed) and its workflow id returned; anything else is taken as an id. */
async function resolveTarget(ctx: CliContext, client: HostClient, target: string, options: { replace?: string; json?: boolean }): Promise<string> {
  const isFile = fs.existsSync(target) && fs.statSync(target).isFile();
  if (!isFile) {
    if (options.replace) throw new UsageError('--replace goes with a file to import, not a workflow id.');
    if (/[/\\]|\.json$/i.test(target)) throw new UsageError(`Cannot read ${target}: no such file.`);
    return target;
  }
  const imported = await client.call('workflows.import', { text: readWorkflowFile(target), replace: options.replace });
  if (!options.json && imported.outcome !== 'unchanged') describeImport(ctx, target, imported);
  return imported.id;
}

const noWait = () => new Option('--no-wait', 'print the execution id and where it will finish, instead of waiting for its end');

export function registerWorkflow(program: Command, ctx: CliContext): void {
  const workflow = program.command('workflow').description('Create, validate, import, export and run workflows');

  workflow
    .command('new')
    .description('Write a small valid workflow file to start from (`echelon node-types list` shows what to add)')
    .argument('<name>', 'the workflow name')
    .addOption(new Option('--trigger <kind>', 'what starts it').choices(STARTER_TRIGGERS).default('manual'))
    .option('-o, --output <file>', 'the file to write (default: NAME.echelon.json in the current directory)')
    .option('--force', 'overwrite the file if it exists')
    .action((name: string, options: { trigger: StarterTrigger; output?: string; force?: boolean }) => {
      if (name.trim() === '') throw new UsageError('Give the workflow a name, such as `echelon workflow new "Morning report"`.');
      const file = options.output ?? `${slug(name)}.echelon.json`;
      if (fs.existsSync(file) && !options.force) throw new UsageError(`${file} already exists: choose another name with --output, or pass --force to overwrite it.`);
      fs.writeFileSync(file, serializeWorkflow(starterWorkflow(name.trim(), options.trigger)));
      ctx.io.out(`${file}\n`);
      ctx.io.err(`Wrote ${file}. Check it with \`echelon workflow validate ${file}\`, run it with \`echelon workflow run ${file}\`.\n`);
    });

  workflow
    .command('validate')
    .description('Check a workflow file (Echelon or n8n export); exit 2 listing every problem')
    .argument('<file>', 'workflow JSON file')
    .option('--json', 'print machine-readable JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      let document = parseJson(readWorkflowFile(file), file);
      const notes: string[] = [];
      const { importN8nWorkflow, isN8nExport } = await import('../../main/services/engine/n8n/import-n8n');
      if (isN8nExport(document)) {
        const mapped = importN8nWorkflow(document, () => undefined);
        document = mapped.document;
        notes.push(...mapped.notes);
      }
      await withHostClient(ctx, {}, async (client) => {
        const report = await client.call('workflows.validate', { document });
        const count = `${report.problems.length} problem${report.problems.length > 1 ? 's' : ''}`;
        if (options.json) ctx.printJson({ ...report, notes });
        else if (report.ok) ctx.io.out(`${file}: valid.\n`);
        if (!report.ok) {
          if (!options.json) ctx.io.err(`${file}: ${count}:\n${problemLines(report.problems)}\n`);
          throw new EchelonError('invalid_input', `${file} is not valid (${count}).`);
        }
      });
    });

  workflow
    .command('import')
    .description('Import an Echelon workflow or an n8n export and print its id; the same workflow again is a new version only if it changed')
    .argument('<file>', 'workflow JSON file')
    .addOption(replaceOption())
    .option('--json', 'print machine-readable JSON')
    .action(async (file: string, options: { replace?: string; json?: boolean }) => {
      const text = readWorkflowFile(file);
      await withHostClient(ctx, {}, async (client) => {
        const result = await client.call('workflows.import', { text, replace: options.replace });
        if (options.json) return ctx.printJson(result);
        ctx.io.out(`${result.id}\n`);
        describeImport(ctx, file, result);
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
      await withHostClient(ctx, {}, async (client) => {
        const { text } = await client.call('workflows.export', { id, version: options.savedVersion });
        if (options.output) fs.writeFileSync(options.output, text);
        else ctx.io.out(text);
      });
    });

  workflow
    .command('list')
    .description('List workflows with their version and last run')
    .option('--json', 'print machine-readable JSON')
    .action(async (options: { json?: boolean }) => {
      await withHostClient(ctx, {}, async (client) => {
        const list = await client.call('workflows.list', {});
        if (options.json) return ctx.printJson(list);
        if (list.length === 0) return ctx.io.out('No workflows yet: start one with `echelon workflow new NAME`, or import one with `echelon workflow import FILE`.\n');
        for (const item of list) ctx.io.out(`${item.id}  v${item.version}  ${item.name}${item.lastRun ? `  (last run ${item.lastRun.status})` : ''}${item.problemCount ? `  [${item.problemCount} problem(s)]` : ''}\n`);
      });
    });

  workflow
    .command('run')
    .description(
      'Run a workflow (a file, imported first as a new version only if it changed, or a saved id) and print the execution; exit 1 if it failed. ' +
        'A running Echelon on the data dir runs it; otherwise this command does, starting the MCP servers its steps call and stopping them after',
    )
    .argument('<file-or-id>', 'workflow JSON file or workflow id')
    .option('--input <json>', 'input for the trigger, as JSON')
    .addOption(replaceOption())
    .addOption(noWait())
    .option('--json', 'print the execution as JSON')
    .action(async (target: string, options: { input?: string; replace?: string; wait: boolean; json?: boolean }) => {
      const input = options.input === undefined ? undefined : parseJson(options.input, '--input');
      await withHostClient(ctx, { engine: true }, async (client) => {
        const id = await resolveTarget(ctx, client, target, options);
        const need = vaultNeedOf((await client.call('workflows.get', { id })).document);
        if (need) await unlockVault(client, ctx, need);
        if (client.remote && !options.json) ctx.io.err(`Sent to ${client.where}.\n`);
        const run = await client.call('workflows.run', { id, input: input as never });
        await reportRun(ctx, client, run.executionId, { json: options.json, wait: options.wait });
      });
    });
}

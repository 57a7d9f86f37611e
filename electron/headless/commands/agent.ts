import fs from 'node:fs';
import { Option, type Command } from 'commander';
import { TaskPriority, TaskState, type ApprovalView } from '../../../shared/contract';
import { agentTable, runReport, runSummary, taskTable } from '../agents/format';
import { UsageError, type CliContext } from '../cli-context';
import { withHostClient, type HostClient } from '../host-client';
import type { VaultNeed } from '../vault-unlock';

function readFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}.`);
  }
}

function parseJson(text: string, option: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${option} is not JSON: ${(error as Error).message}.`);
  }
}

function taskId(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`"${value}" is not a task id: use the number \`echelon agent tasks NAME\` shows.`);
  return Number(value);
}

/** Agent commands may reach a provider key or a tool's secret: the vault is unlocked when a passphrase is given. */
function withClient<T>(ctx: CliContext, work: (client: HostClient) => Promise<T>, vault: VaultNeed = 'if-given'): Promise<T> {
  return withHostClient(ctx, { vault }, work);
}

/**
 * Runs `work` with the agent taking tasks: in a running Echelon (serve or the desktop app) when
 * there is one, else in this process (the engine and this one agent, for the command's
 * duration; what it leaves unfinished is resumed by the next Echelon to start). An inactive
 * agent is started for the command and stopped again afterwards.
 */
async function withRunningAgent<T>(ctx: CliContext, name: string, work: (client: HostClient) => Promise<T>): Promise<T> {
  return withClient(
    ctx,
    async (client) => {
      const agent = await client.call('agents.get', { agent: name });
      if (!client.remote && client.host) {
        await client.host.engine.start({ owner: 'cli', recover: false, schedules: false, webhookPort: false, retention: false });
        client.host.agents.start({ recover: false, only: agent.id });
      }
      const idle = agent.status === 'inactive' || agent.status === 'error';
      if (idle) {
        const started = await client.call('agents.start', { agent: agent.id });
        if (started.status === 'error') throw new Error(`Agent "${agent.name}" could not start: ${started.lastError}`);
        ctx.io.err(`Started agent "${agent.name}" for this task; it is stopped again afterwards.\n`);
      }
      try {
        return await work(client);
      } finally {
        if (idle) await client.call('agents.stop', { agent: agent.id }).catch(() => {});
      }
    },
    'ask',
  );
}

function approvalHint(approval: ApprovalView): string {
  return `Task ${approval.taskId} waits for approval to call ${approval.server}__${approval.tool} with ${JSON.stringify(approval.arguments)}.\n  Approve: echelon agent approve ${approval.taskId}   Deny: echelon agent deny ${approval.taskId} --reason "…"\n`;
}

export function registerAgent(program: Command, ctx: CliContext): void {
  const agent = program.command('agent').description('Define, run, approve and watch AI agents that use MCP tools');

  agent
    .command('list')
    .description('List agents with their status, model, queue and today\'s numbers')
    .option('--json', 'print machine-readable JSON')
    .action(async (options: { json?: boolean }) =>
      withClient(ctx, async (client) => {
        const agents = await client.call('agents.list', {});
        if (options.json) ctx.printJson(agents);
        else ctx.io.out(agentTable(agents));
      }),
    );

  agent
    .command('import')
    .description('Create an agent from a JSON definition, or add a version to the agent of its name')
    .argument('<file>', 'agent JSON (provider: a connection name, or { kind, baseUrl, model, apiKey: "{{ secrets.NAME }}" })')
    .option('--json', 'print the agent as JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      const text = readFile(file);
      await withClient(ctx, async (client) => {
        const imported = await client.call('agents.import', { text });
        if (options.json) ctx.printJson(imported);
        else ctx.io.out(`Imported agent "${imported.name}" (version ${imported.version}). Start it with \`echelon agent start "${imported.name}"\`.\n`);
      });
    });

  agent
    .command('export')
    .description('Print an agent as JSON (sorted keys; the provider by connection name)')
    .argument('<name>', 'agent name or id')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .action(async (name: string, options: { output?: string }) =>
      withClient(ctx, async (client) => {
        const { json } = await client.call('agents.export', { agent: name });
        if (options.output) fs.writeFileSync(options.output, json);
        else ctx.io.out(json);
      }),
    );

  agent
    .command('run')
    .description('Give an agent a task and wait for the end (its answer streams to stdout); exit 1 unless it completed')
    .argument('<name>', 'agent name or id')
    .requiredOption('--task <text>', 'what the agent should do')
    .option('--input <json>', 'input data for the task, as JSON')
    .addOption(new Option('--priority <priority>', 'queue priority').choices(TaskPriority.options).default('medium'))
    .option('--json', 'print { status, answer, toolCalls, usage, steps } as JSON instead of streaming')
    .action(async (name: string, options: { task: string; input?: string; priority: TaskPriority; json?: boolean }) => {
      const input = options.input === undefined ? undefined : parseJson(options.input, '--input');
      await withRunningAgent(ctx, name, async (client) => {
          const created = await client.call('agents.tasks.create', { agent: name, task: options.task, input, priority: options.priority, source: 'cli' });
          let lastTurn: number | undefined;
          const stopDeltas = client.on('agents.task.delta', (delta) => {
            if (delta.taskId !== created.id || options.json) return;
            if (lastTurn !== undefined && delta.turn !== lastTurn) ctx.io.out('\n');
            lastTurn = delta.turn;
            ctx.io.out(delta.text);
          });
          const stopApprovals = client.on('agents.approval.requested', (approval) => {
            if (approval.taskId === created.id) ctx.io.err(approvalHint(approval));
          });
          try {
            const waiting = await client.call('agents.tasks.get', { id: created.id });
            if (waiting.pendingApproval) ctx.io.err(approvalHint(waiting.pendingApproval));
            const task = await client.call('agents.tasks.wait', { id: created.id, untilApproval: false });
            if (options.json) ctx.printJson(runReport(task));
            else {
              if (lastTurn !== undefined) ctx.io.out('\n');
              ctx.io.err(runSummary(task));
            }
            if (task.state !== 'completed') ctx.exitCode = 1;
          } finally {
            stopDeltas();
            stopApprovals();
          }
      });
    });

  for (const [verb, description] of [
    ['start', 'Start an agent: it checks its provider and tools, then takes tasks from its queue'],
    ['stop', 'Stop an agent at once: its running tasks go back to the queue'],
  ] as const) {
    agent
      .command(verb)
      .description(description)
      .argument('<name>', 'agent name or id')
      .action(async (name: string) =>
        withClient(ctx, async (client) => {
          const summary = await client.call(verb === 'start' ? 'agents.start' : 'agents.stop', { agent: name });
          if (summary.status === 'error') throw new Error(`Agent "${summary.name}" could not start: ${summary.lastError}`);
          ctx.io.out(`Agent "${summary.name}" is ${summary.status}.${!client.remote && verb === 'start' ? ' It takes tasks whenever Echelon runs (`echelon serve` or the desktop app).' : ''}\n`);
        }),
      );
  }

  agent
    .command('tasks')
    .description('List an agent\'s tasks, newest first')
    .argument('<name>', 'agent name or id')
    .addOption(new Option('--state <state>', 'only tasks in this state').choices(TaskState.options))
    .option('--dead-letter', 'only failed tasks waiting for a retry or a discard')
    .option('--limit <n>', 'how many', (value) => Number(value), 50)
    .option('--json', 'print machine-readable JSON')
    .action(async (name: string, options: { state?: TaskState; deadLetter?: boolean; limit: number; json?: boolean }) =>
      withClient(ctx, async (client) => {
        const tasks = await client.call('agents.tasks.list', { agent: name, state: options.state, deadLetter: options.deadLetter, limit: options.limit });
        if (options.json) ctx.printJson(tasks);
        else ctx.io.out(taskTable(tasks));
      }),
    );

  for (const [verb, approve] of [
    ['approve', true],
    ['deny', false],
  ] as const) {
    agent
      .command(verb)
      .description(approve ? 'Approve the tool call a task waits on: the tool runs and the model gets its result' : 'Deny the tool call a task waits on: the reason goes to the model')
      .argument('<task-id>', 'the task, as `echelon agent tasks NAME` lists it')
      .option('--reason <text>', approve ? 'why (kept in the audit log)' : 'why, for the model')
      .action(async (id: string, options: { reason?: string }) =>
        withClient(ctx, async (client) => {
          const task = await client.call('agents.approvals.decide', { taskId: taskId(id), approve, reason: options.reason });
          ctx.io.out(`Task ${task.id}: call ${approve ? 'approved' : 'denied'}; the task is ${task.status}.\n`);
        }),
      );
  }
}

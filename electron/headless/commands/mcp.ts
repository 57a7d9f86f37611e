import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { ImportFormat, type ServerDefinitionInput, type ServerSummary } from '../../../shared/contract';
import { UsageError, type CliContext } from '../cli-context';
import { withHostClient, type HostClient } from '../host-client';
import { importPlanText, journalTable, logLines, resultText, serverTable, toolList } from '../mcp/format';
import { mentionsSecrets, unlockVault } from '../vault-unlock';

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `K=V` pairs from repeated options; the value may itself hold `=`. */
function pairs(values: string[] | undefined, option: string): Record<string, string> {
  const record: Record<string, string> = {};
  for (const value of values ?? []) {
    const at = value.indexOf('=');
    if (at <= 0) throw new UsageError(`${option} expects KEY=VALUE, got ${JSON.stringify(value)}.`);
    record[value.slice(0, at)] = value.slice(at + 1);
  }
  return record;
}

function parseArgsJson(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--args is not valid JSON: ${(error as Error).message}.`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UsageError('--args must be a JSON object, such as \'{"message":"hi"}\'.');
  return value as Record<string, unknown>;
}

/** A server whose definition refers to vault records gets the vault unlocked before it starts. */
async function serverWithSecrets(client: HostClient, ctx: CliContext, name: string): Promise<ServerSummary> {
  const server = await client.call('mcp.servers.get', { name });
  if (mentionsSecrets(server.transport)) await unlockVault(client, ctx, 'ask');
  return server;
}

/**
 * Runs `work` with the server running: started for the command's duration when it was not,
 * and stopped again afterwards, leaving a running Echelon as it was found.
 */
async function withRunningServer<T>(client: HostClient, ctx: CliContext, name: string, work: (server: ServerSummary) => Promise<T>): Promise<T> {
  const server = await serverWithSecrets(client, ctx, name);
  const running = server.runtime.status === 'running' || server.runtime.status === 'degraded';
  const started = running ? server : await client.call('mcp.servers.start', { name });
  try {
    return await work(started);
  } finally {
    if (!running) await client.call('mcp.servers.stop', { name }).catch(() => {});
  }
}

export function registerMcp(program: Command, ctx: CliContext): void {
  /** `--json` prints the value as it is; otherwise as text for people. */
  const show = <T>(json: boolean | undefined, value: T, text: (value: T) => string) => (json ? ctx.printJson(value) : ctx.io.out(text(value)));
  const mcp = program.command('mcp').description('Add, import, run, inspect and call MCP servers; serve them all through one gateway');

  mcp
    .command('list')
    .description('List MCP servers with their status, PID, uptime, tools and restarts')
    .option('--json', 'print machine-readable JSON')
    .action(async (options: { json?: boolean }) =>
      withHostClient(ctx, {}, async (client) => {
        show(options.json, await client.call('mcp.servers.list', {}), serverTable);
      }),
    );

  mcp
    .command('add')
    .description('Add a server: `add NAME [--env K=V]... [--ssh CONNECTION] -- COMMAND [ARGS...]`, or `add NAME --url URL`')
    .argument('<name>', 'server name (letters, digits, "-" and "_")')
    .argument('[command...]', 'after --: the command that starts the server, with its arguments')
    .option('--url <url>', 'a remote server over streamable HTTP (SSE as fallback)')
    .option('--ssh <connection>', 'run the command on the host of this SSH connection (see `echelon integrations list`)')
    .option('--env <KEY=VALUE>', 'environment variable (repeatable); secret-looking values move into the vault', collect)
    .option('--header <NAME=VALUE>', 'HTTP header for --url servers (repeatable); credentials move into the vault', collect)
    .option('--cwd <dir>', 'working directory of the server (default: the current directory, so relative paths in the command work)')
    .option('--description <text>', 'what the server is for')
    .option('--tag <tag>', 'tag (repeatable)', collect)
    .option('--auto-start', 'start it whenever Echelon starts')
    .option('--start-timeout <ms>', 'how long the MCP handshake may take', (value) => Number(value))
    .option('--json', 'print the added server as JSON')
    .action(async (name: string, command: string[], options: { url?: string; ssh?: string; env?: string[]; header?: string[]; cwd?: string; description?: string; tag?: string[]; autoStart?: boolean; startTimeout?: number; json?: boolean }) => {
      if (options.url && command.length > 0) throw new UsageError('Give either --url or a command after --, not both.');
      if (options.url && options.ssh) throw new UsageError('--ssh runs a command on another host: give it with a command after --, not with --url.');
      if (!options.url && command.length === 0) throw new UsageError('Give the command after --, as in `echelon mcp add memory -- npx -y @modelcontextprotocol/server-memory`, or --url URL.');
      const launch = { command: command[0]!, args: command.slice(1), env: pairs(options.env, '--env') };
      const transport: ServerDefinitionInput['transport'] = options.url
        ? { type: 'http', url: options.url, headers: pairs(options.header, '--header') }
        : options.ssh
          ? // A directory on the remote host: not resolved against this one's.
            { type: 'ssh', connection: options.ssh, ...launch, cwd: options.cwd }
          : { type: 'stdio', ...launch, cwd: path.resolve(options.cwd ?? '.') };
      const definition: ServerDefinitionInput = { name, transport, description: options.description, tags: options.tag ?? [], autoStart: options.autoStart ?? false };
      if (options.startTimeout !== undefined) definition.startTimeoutMs = options.startTimeout;
      // Adding may move a literal secret into the vault.
      await withHostClient(ctx, { vault: 'if-given' }, async (client) => {
        const added = await client.call('mcp.servers.add', { definition });
        if (options.json) ctx.printJson(added);
        else ctx.io.out(`Added MCP server "${added.name}". Start it with \`echelon mcp start ${added.name}\`.\n`);
      });
    });

  mcp
    .command('remove')
    .description('Stop a server and delete its definition, logs and health history')
    .argument('<name>')
    .action(async (name: string) =>
      withHostClient(ctx, {}, async (client) => {
        await client.call('mcp.servers.remove', { name });
        ctx.io.out(`Removed MCP server "${name}".\n`);
      }),
    );

  mcp
    .command('import')
    .description('Import servers from a Claude Desktop, Cursor or VS Code config (literal secrets move into the vault)')
    .argument('<file>', 'claude_desktop_config.json, ~/.cursor/mcp.json, .vscode/mcp.json...')
    .option('--dry-run', 'show what would be imported, change nothing')
    .option('--json', 'print machine-readable JSON')
    .action(async (file: string, options: { dryRun?: boolean; json?: boolean }) => {
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (error) {
        throw new UsageError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
      }
      const source = { text, fileName: path.resolve(file) };
      await withHostClient(ctx, {}, async (client) => {
        const plan = await client.call('mcp.import.preview', source);
        if (options.dryRun) return show(options.json, plan, (value) => importPlanText(value));
        // Literal secrets in the config move into the vault: it must be open for that.
        if (plan.servers.some((server) => server.action === 'import' && server.secretsToVault.length > 0)) await unlockVault(client, ctx, 'ask');
        show(options.json, await client.call('mcp.import.apply', source), (result) => importPlanText(plan, result));
      });
    });

  mcp
    .command('export')
    .description('Print a Claude Desktop, Cursor or VS Code config whose one entry is the Echelon gateway')
    .addOption(new Option('--for <client>', 'the client whose format to write').choices(ImportFormat.options).default('claude-desktop'))
    .option('--name <name>', 'name of the entry', 'echelon')
    .option('--merge <file>', 'keep the other settings and unmanaged servers of this existing config')
    .option('--out <file>', 'write to this file instead of stdout')
    .action(async (options: { for: ImportFormat; name: string; merge?: string; out?: string }) => {
      let merge: Record<string, unknown> | undefined;
      if (options.merge) {
        try {
          merge = JSON.parse(fs.readFileSync(options.merge, 'utf8')) as Record<string, unknown>;
        } catch (error) {
          throw new UsageError(`Cannot read ${options.merge} as JSON: ${(error as Error).message}.`);
        }
      }
      await withHostClient(ctx, {}, async (client) => {
        const exported = await client.call('mcp.export', { target: options.for, entryName: options.name, merge });
        if (options.out) {
          fs.writeFileSync(options.out, exported.json);
          ctx.io.err(`Wrote ${options.out}.\n`);
        } else ctx.io.out(exported.json);
      });
    });

  for (const [verb, description] of [
    ['start', 'Start a server and wait for its MCP handshake'],
    ['stop', 'Stop a server and kill its whole process tree'],
    ['restart', 'Restart a server (also clears a tripped crash-loop breaker)'],
  ] as const) {
    mcp
      .command(verb)
      .description(description)
      .argument('<name>')
      .option('--json', 'print the server as JSON')
      .action(async (name: string, options: { json?: boolean }) =>
        withHostClient(ctx, {}, async (client) => {
          if (verb !== 'stop') await serverWithSecrets(client, ctx, name);
          const server = await client.call(`mcp.servers.${verb}`, { name });
          if (options.json) ctx.printJson(server);
          else {
            const runtime = server.runtime;
            ctx.io.out(`${server.name}: ${runtime.status}${runtime.pid ? ` (pid ${runtime.pid})` : ''}${runtime.status === 'running' ? `, ${runtime.toolCount} tools` : ''}\n`);
          }
          if (!client.remote && verb !== 'stop') {
            ctx.io.err('No `echelon serve` is running, so the server stops with this command. Run `echelon serve` to keep servers running.\n');
          }
        }),
      );
  }

  mcp
    .command('tools')
    .description('List the tools of a server (started for the command when not running)')
    .argument('<name>')
    .option('--json', 'print machine-readable JSON (with input schemas)')
    .action(async (name: string, options: { json?: boolean }) =>
      withHostClient(ctx, {}, (client) =>
        withRunningServer(client, ctx, name, async () => {
          show(options.json, (await client.call('mcp.catalog', { name })).tools, toolList);
        }),
      ),
    );

  mcp
    .command('call')
    .description('Call a tool and print its CallToolResult (exit 1 when the tool reports an error)')
    .argument('<name>', 'server')
    .argument('<tool>', 'tool')
    .option('--args <json>', 'arguments as a JSON object', '{}')
    .addOption(new Option('--timeout <ms>', 'give up after this long without progress').argParser((value) => Number(value)))
    .option('--json', 'print the CallToolResult as JSON')
    .action(async (name: string, tool: string, options: { args: string; timeout?: number; json?: boolean }) => {
      const args = parseArgsJson(options.args);
      await withHostClient(ctx, {}, (client) =>
        withRunningServer(client, ctx, name, async () => {
          const callId = randomUUID();
          const progress = client.on('mcp.call.progress', (event) => {
            if (event.callId === callId) ctx.io.err(`progress ${event.progress}${event.total ? `/${event.total}` : ''}${event.message ? ` ${event.message}` : ''}\n`);
          });
          const cancel = () => void client.call('mcp.calls.cancel', { callId }).catch(() => {});
          process.once('SIGINT', cancel);
          try {
            const outcome = await client.call('mcp.tools.call', { server: name, tool, arguments: args, callId, timeoutMs: options.timeout });
            show(options.json, outcome.result, resultText);
            if (outcome.result.isError) ctx.exitCode = 1;
          } finally {
            process.off('SIGINT', cancel);
            progress();
          }
        }),
      );
    });

  mcp
    .command('logs')
    .description("Print a server's recent stderr (kept across restarts)")
    .argument('<name>')
    .option('--search <text>', 'only lines containing this text')
    .option('-n, --lines <count>', 'how many lines', (value) => Number(value), 200)
    .option('--json', 'print machine-readable JSON')
    .action(async (name: string, options: { search?: string; lines: number; json?: boolean }) =>
      withHostClient(ctx, {}, async (client) => {
        show(options.json, await client.call('mcp.servers.logs', { name, search: options.search, limit: options.lines }), logLines);
      }),
    );

  mcp
    .command('journal')
    .description('Print the call journal, newest first')
    .option('--server <name>', 'only calls to this server')
    .option('--tool <tool>', 'only calls of this tool')
    .option('--search <text>', 'only calls whose arguments, result or error contain this text')
    .option('--limit <count>', 'how many calls', (value) => Number(value), 50)
    .option('--json', 'print machine-readable JSON')
    .action(async (options: { server?: string; tool?: string; search?: string; limit: number; json?: boolean }) =>
      withHostClient(ctx, {}, async (client) => {
        show(options.json, await client.call('mcp.journal.list', { server: options.server, tool: options.tool, search: options.search, limit: options.limit }), journalTable);
      }),
    );

  mcp
    .command('gateway')
    .description('Serve every enabled tool of every server over stdio, as server__tool (for Claude Desktop, Cursor...)')
    // Servers' environments may refer to vault records: unlocked with ECHELON_VAULT_PASSPHRASE (no terminal here).
    .action(async () => {
      const { runStdioGateway } = await import('../../main/serve/stdio-gateway');
      await runStdioGateway({ dataDir: ctx.dataDir, io: ctx.io, openHost: () => ctx.openHostWithVault() });
    });
}

import { Command, CommanderError } from 'commander';
import { version } from '../../package.json';
import { EchelonError } from '../../shared/contract';
import { StoreError } from '../main/services/store/store-error';
import { CliContext, UsageError, type CliIo } from './cli-context';
import { registerExecutions } from './commands/executions';
import { registerIntegrations } from './commands/integrations';
import { registerMcp } from './commands/mcp';
import { registerNodeTypes } from './commands/node-types';
import { registerServe } from './commands/serve';
import { registerStatus } from './commands/status';
import { registerVault } from './commands/vault';
import { registerWorkflow } from './commands/workflow';

export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

export function buildProgram(io: CliIo = processIo): { program: Command; ctx: CliContext } {
  const program = new Command();
  const ctx = new CliContext(io, () => program.opts<{ dataDir?: string }>());
  program
    .name('echelon')
    .description('Echelon: run and supervise MCP servers, workflows and credentials from the command line.')
    .version(version, '-v, --version')
    .option('--data-dir <dir>', 'data folder (default: $ECHELON_DATA_DIR or ~/.echelon)')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: io.out,
      writeErr: io.err,
      // One line, prefixed, so scripts and people see at once what went wrong.
      outputError: (message, write) => write(`echelon: ${message.replace(/^error: /, '').trim().replace(/\s*\n\s*/g, ' ')}\n`),
    });
  registerStatus(program, ctx);
  registerServe(program, ctx);
  registerVault(program, ctx);
  registerIntegrations(program, ctx);
  registerMcp(program, ctx);
  registerWorkflow(program, ctx);
  registerNodeTypes(program, ctx);
  registerExecutions(program, ctx);
  const configure = (command: Command): void => {
    command.exitOverride().configureOutput(program.configureOutput());
    command.commands.forEach(configure);
  };
  program.commands.forEach(configure);
  return { program, ctx };
}

/** One line, without an `Error:` prefix of its own: the CLI says `echelon:` once. */
function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim().replace(/^(?:Error:\s*)+/, '');
}

/** Runs the CLI and returns its exit code: 0 success, 1 failure at run time, 2 invalid usage or input. */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const { program, ctx } = buildProgram(io);
  try {
    await program.parseAsync(argv);
    return ctx.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      const ok = error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help';
      return ok ? EXIT.ok : EXIT.usage;
    }
    const usage = error instanceof UsageError || (error instanceof EchelonError && error.code === 'invalid_input');
    const message = error instanceof Error ? error.message : String(error);
    // A failure the log already echoed (a server's crash, say) is not said twice.
    if (![...ctx.said].some((said) => said.startsWith(message))) io.err(`echelon: ${oneLine(message)}\n`);
    if (error instanceof EchelonError && error.issues && error.issues.length > 1) {
      for (const issue of error.issues) io.err(`  - ${issue.path || '(root)'}: ${issue.message}\n`);
    }
    if (process.env.ECHELON_DEBUG && error instanceof Error && !(error instanceof StoreError)) io.err(`${error.stack}\n`);
    return usage ? EXIT.usage : EXIT.failure;
  }
}

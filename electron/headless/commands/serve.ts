import { fileURLToPath } from 'node:url';
import { Option, type Command } from 'commander';
import type { Host } from '../../main/services/host';
import type { CliContext } from '../cli-context';
import { startServer } from '../serve/http-server';
import { parsePort } from '../options';
import { PASSPHRASE_ENV } from '../vault-passphrase';

/** Where the built renderer sits relative to the built CLI (`out/headless` beside `out/renderer`). */
export const BUILT_RENDERER_DIR = fileURLToPath(new URL('../renderer/', import.meta.url));

function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}

/** The vault starts locked unless ECHELON_VAULT_PASSPHRASE unlocks it; a wrong one is reported and the UI asks. */
async function unlockVaultFromEnv(host: Host, ctx: CliContext): Promise<void> {
  const passphrase = process.env[PASSPHRASE_ENV];
  if (!passphrase) return;
  try {
    await host.vault.start({ passphrase });
  } catch (error) {
    ctx.io.err(`echelon: the vault stays locked: ${(error as Error).message}\n`);
  }
}

export function registerServe(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description('Serve the Echelon UI and API on 127.0.0.1, protected by a token')
    .addOption(new Option('--port <port>', 'port to listen on (0 picks a free one)').default(4321).argParser(parsePort))
    .action(async (options: { port: number }) => {
      const host = ctx.openHost('serve');
      await unlockVaultFromEnv(host, ctx);
      let server;
      try {
        server = await startServer({ host, port: options.port, rendererDir: BUILT_RENDERER_DIR, token: process.env.ECHELON_SERVE_TOKEN || undefined });
      } catch (error) {
        await host.dispose();
        if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
          throw new Error(`Port ${options.port} is already in use: pass --port 0 to pick a free one.`, { cause: error });
        }
        throw error;
      }
      host.activity.record('info', 'serve', `Serving on 127.0.0.1:${server.port}`);
      ctx.io.out(`Echelon is running at ${server.url}\n`);
      await untilSignal();
      await server.close();
      await host.dispose();
    });
}

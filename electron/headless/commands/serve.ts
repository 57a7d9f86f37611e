import { fileURLToPath } from 'node:url';
import { Option, type Command } from 'commander';
import type { CliContext } from '../cli-context';
import { parsePort } from '../options';

/** Where the built renderer sits relative to the built CLI (`out/headless` beside `out/renderer`). */
export const BUILT_RENDERER_DIR = fileURLToPath(new URL('../renderer/', import.meta.url));

function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}

export function registerServe(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description('Serve the Echelon UI and API on 127.0.0.1, protected by a token')
    .addOption(new Option('--port <port>', 'port to listen on (0 picks a free one)').default(4321).argParser(parsePort))
    .addOption(new Option('--gateway-port <port>', 'port of the MCP gateway (streamable HTTP on 127.0.0.1; 0 picks a free one)').default(0).argParser(parsePort))
    .addOption(
      new Option('--webhook-port <port>', 'port of the webhook listener on 127.0.0.1 (0 picks a free one)')
        .env('ECHELON_WEBHOOK_PORT')
        .default(4322)
        .argParser(parsePort),
    )
    .action(async (options: { port: number; gatewayPort: number; webhookPort: number }) => {
      // The vault starts locked unless ECHELON_VAULT_PASSPHRASE unlocks it; otherwise the Vault page asks.
      const host = await ctx.openHostWithVault('serve');
      const [{ publishHost }, { surviveUnhandledRejections }] = await Promise.all([import('../../main/serve/publish'), import('../../main/services/logging/unhandled-rejections')]);
      const guard = surviveUnhandledRejections(host.logger);
      try {
        await host.engine.start({ owner: 'echelon serve', schedules: true, webhookPort: options.webhookPort });
      } catch (error) {
        await host.dispose();
        throw error;
      }

      const published = await publishHost(host, {
        port: options.port,
        gatewayPort: options.gatewayPort,
        rendererDir: BUILT_RENDERER_DIR,
        token: process.env.ECHELON_SERVE_TOKEN || undefined,
      }).catch(async (error: unknown) => {
        await host.dispose();
        throw error;
      });
      host.activity.record('info', 'serve', `Serving on 127.0.0.1:${published.server.port}`);
      ctx.io.out(`Echelon is running at ${published.server.url}\n`);
      void host.mcp.startAll('auto-start');
      await untilSignal();
      await published.close();
      await host.dispose();
      guard.dispose();
    });
}

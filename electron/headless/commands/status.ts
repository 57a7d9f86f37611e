import type { Command } from 'commander';
import type { AppStatus } from '../../../shared/contract';
import { withHost, type CliContext } from '../cli-context';
import { callOrThrow } from '../call';

function describe(status: AppStatus): string {
  const counts = Object.entries(status.counts).map(([table, count]) => `  ${table.padEnd(24)} ${count}`);
  return [
    `Echelon ${status.version}`,
    `Data dir        ${status.dataDir}`,
    `Database        ${status.databasePath}`,
    `Schema version  ${status.schemaVersion}`,
    'Rows',
    ...counts,
    '',
  ].join('\n');
}

export function registerStatus(program: Command, ctx: CliContext): void {
  program
    .command('status')
    .description('Show the version, data dir, schema version and row counts')
    .option('--json', 'print machine-readable JSON')
    .action(async (options: { json?: boolean }) => {
      await withHost(ctx.openHost(), async (host) => {
        const status = await callOrThrow(host, 'app.status', {});
        if (options.json) ctx.printJson(status);
        else ctx.io.out(describe(status));
      });
    });
}

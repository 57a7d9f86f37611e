import { InvalidArgumentError, Option, type Command } from 'commander';
import { version } from '../../../package.json';
import type { CliContext } from '../cli-context';
import { UsageError } from '../cli-context';
import { surviveUnhandledRejections } from '../../main/services/logging/unhandled-rejections';

const positive = (what: string) => (value: string) => {
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || parsed < 1) throw new InvalidArgumentError(`expected ${what} as a whole number of at least 1.`);
  return parsed;
};

const port = (value: string) => {
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || parsed > 65535) throw new InvalidArgumentError('expected a port number from 0 to 65535.');
  return parsed;
};

interface WorkerOptions {
  redis?: string;
  postgres?: string;
  org?: string;
  concurrency: number;
  queues: string;
  graceMs: number;
  lockMs?: number;
  id?: string;
  webhookPort?: number;
  webhookHost: string;
  metricsPort?: number;
  postgresPool: number;
}

export function registerWorker(program: Command, ctx: CliContext): void {
  program
    .command('worker')
    .description("Run the team's queued executions on this machine (BullMQ on Redis, state in the team's Postgres)")
    .addOption(new Option('--redis <url>', 'Redis holding the team queue (redis://host:port)').env('ECHELON_REDIS_URL'))
    .addOption(new Option('--postgres <url>', "the team's Postgres (Supabase: the pooler's session-mode address)").env('ECHELON_POSTGRES_URL'))
    .addOption(new Option('--org <id>', "the team's organization id").env('ECHELON_ORG'))
    .addOption(new Option('--concurrency <n>', 'executions run at once').default(16).argParser(positive('the concurrency')))
    .addOption(new Option('--queues <names>', 'the queues this worker takes from, comma-separated (a workflow names its queue in its settings)').default('default'))
    .addOption(new Option('--grace-ms <ms>', 'on SIGTERM, how long running executions may finish before they are handed back').default(30_000).argParser(positive('the grace period')))
    .addOption(new Option('--lock-ms <ms>', "how long a dead worker's runs stay locked before another worker takes them").env('ECHELON_WORKER_LOCK_MS').argParser(positive('the lock duration')))
    .addOption(new Option('--webhook-port <port>', "also accept the team's webhooks on this port and queue their runs (0 picks a free port)").argParser(port))
    .addOption(new Option('--webhook-host <address>', 'the address webhooks listen on (behind a reverse proxy: keep 127.0.0.1)').default('127.0.0.1'))
    .addOption(new Option('--postgres-pool <n>', 'Postgres connections this worker keeps for its commits and claims (one more listens for cancels and new runs)').default(2).argParser(positive('the pool size')))
    .addOption(new Option('--metrics-port <port>', 'serve Prometheus /metrics on 127.0.0.1:<port> (scrapes send ECHELON_METRICS_TOKEN as a bearer token)').env('ECHELON_WORKER_METRICS_PORT').argParser(port))
    .addOption(new Option('--id <id>', 'this worker’s name on the Workers page (default: host-pid)'))
    .action(async (options: WorkerOptions) => {
      if (!options.redis || !options.postgres || !options.org) {
        throw new UsageError('echelon worker needs --redis, --postgres and --org (or ECHELON_REDIS_URL, ECHELON_POSTGRES_URL and ECHELON_ORG): see "Team workers" in the README.');
      }
      const queues = options.queues.split(',').map((name) => name.trim()).filter(Boolean);
      const invalid = queues.find((name) => !/^[A-Za-z0-9_-]{1,64}$/.test(name));
      if (queues.length === 0 || invalid !== undefined) throw new UsageError(`--queues takes queue names of letters, digits, "_" and "-" separated by commas${invalid ? ` ("${invalid}" is not one)` : ''}.`);
      // The worker's own vault (ECHELON_VAULT_PASSPHRASE) resolves {{ secrets.NAME }}: desktops never send theirs.
      // Loaded here: BullMQ and pg cost every other command ~0.5 s of start-up.
      const [{ TeamWorker }, { startMetricsServer }] = await Promise.all([import('../../main/services/workers/team-worker'), import('../../main/serve/metrics-route')]);
      const host = await ctx.openHostWithVault('cli');
      const guard = surviveUnhandledRejections(host.logger);
      const worker = new TeamWorker(host, {
        redisUrl: options.redis,
        postgresUrl: options.postgres,
        org: options.org,
        queues,
        webhookPort: options.webhookPort,
        webhookHost: options.webhookHost,
        postgresPool: options.postgresPool,
        concurrency: options.concurrency,
        id: options.id,
        version,
        lockDurationMs: options.lockMs,
        log: (level, message) => {
          host.logger.log(level, 'worker', message);
          if (level !== 'info') ctx.io.err(`echelon worker: ${host.redactor.redact(message)}\n`);
        },
      });
      await worker.start();
      const metrics = options.metricsPort === undefined ? undefined : await startMetricsServer(host.telemetry, options.metricsPort);
      if (metrics) ctx.io.out(`Metrics: http://127.0.0.1:${metrics.port}/metrics\n`);
      ctx.io.out(`Echelon worker ${worker.id} is taking runs from ${queues.length === 1 ? 'queue' : 'queues'} ${queues.map((name) => `"${name}"`).join(', ')} (concurrency ${options.concurrency})\n`);
      if (worker.webhookPort !== undefined) ctx.io.out(`Team webhooks: http://${options.webhookHost}:${worker.webhookPort}/webhook/\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
      ctx.io.out(`Echelon worker ${worker.id} is draining\n`);
      await worker.stop(options.graceMs);
      await metrics?.close();
      await host.dispose();
      guard.dispose();
      ctx.io.out(`Echelon worker ${worker.id} stopped\n`);
    });
}

import pg from 'pg';

export interface PgListenerOptions {
  url: string;
  applicationName: string;
  /** Channel → what to do with a notification's JSON payload. */
  channels: Record<string, (payload: Record<string, unknown>) => void>;
  /** After every (re)connection: what was notified while away is caught up here. */
  onConnected?: () => void;
  log(level: 'warn', message: string): void;
}

/**
 * One Postgres connection LISTENing on a few channels, reconnecting by itself when Postgres
 * restarts (a second after it lost the connection). NOTIFY is delivered at commit, so what a
 * notification names is already readable.
 */
export class PgListener {
  private client: pg.Client | undefined;
  private stopped = false;

  constructor(private readonly options: PgListenerOptions) {}

  start(): void {
    void this.connect();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.options.url, application_name: this.options.applicationName });
    this.client = client;
    let retried = false;
    const retry = () => {
      if (retried || this.stopped) return;
      retried = true;
      void client.end().catch(() => {});
      setTimeout(() => void this.connect(), 1000).unref();
    };
    client.on('error', retry);
    client.on('end', retry);
    client.on('notification', (message) => {
      const handle = this.options.channels[message.channel];
      if (!handle) return;
      try {
        handle(JSON.parse(message.payload ?? '{}') as Record<string, unknown>);
      } catch {
        // Not ours to read.
      }
    });
    try {
      await client.connect();
      for (const channel of Object.keys(this.options.channels)) await client.query(`listen ${client.escapeIdentifier(channel)}`);
      this.options.onConnected?.();
    } catch (error) {
      this.options.log('warn', `Listening on Postgres failed (${(error as Error).message}); retrying.`);
      retry();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.client?.end().catch(() => {});
  }
}

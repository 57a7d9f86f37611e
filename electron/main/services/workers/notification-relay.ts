import { Redis } from 'ioredis';
import type pg from 'pg';

export interface NotificationRelayOptions {
  redisUrl: string;
  /** The worker's pool: the relaying worker lends one of its connections to LISTEN. */
  pool: pg.Pool;
  /** This worker's id (the holder of the relay's lease in Redis). */
  id: string;
  /** Redis keys and channel of this team's workers (one relay per team and prefix). */
  scope: string;
  /** Channel → what to do with a notification's JSON payload. */
  channels: Record<string, (payload: Record<string, unknown>) => void>;
  /** False for a pool of one connection: lending it would leave no connection for commits. */
  mayRelay: boolean;
  /** On the relaying worker once it listens: queued runs whose notification was missed get their jobs. */
  onListening(): void;
  /** On every worker when notifications may have been missed (a relay took over, Redis came back). */
  onMissed(): void;
  log(level: 'info' | 'warn', message: string): void;
  leaseMs?: number;
}

/** Published by a worker that starts relaying: what was notified before went unheard. */
const RELAY_STARTED = '@relay-started';

/** Renews the lease if this worker still holds it (atomically: a lapsed lease is not stolen back). */
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/** The lease's two fixed Lua scripts as ioredis commands (sent by SHA once Redis has them; nothing user-written runs there). */
type LeaseCommands = Redis & {
  renewLease(key: string, holder: string, leaseMs: string): Promise<number>;
  releaseLease(key: string, holder: string): Promise<number>;
};

/**
 * Carries Postgres notifications (a desktop's enqueue, a cancel) to every worker of a team
 * while only ONE of them listens on Postgres: the holder of a lease in Redis lends one
 * connection of its pool to LISTEN and publishes what it hears on a Redis channel every worker
 * subscribes to. So each worker keeps one pool of at most two connections (500 workers fit
 * Supabase's session-mode pooler), and Postgres has one listener, not one per worker. When the
 * relaying worker dies its lease lapses, another takes it over and catches up (a sweep).
 */
export class NotificationRelay {
  private readonly commands: LeaseCommands;
  private readonly subscriber: Redis;
  private readonly key: string;
  private readonly channel: string;
  private readonly leaseMs: number;
  /** The lent connection, and how to give it up (once). */
  private listening: { client: pg.PoolClient; drop(): void } | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** This worker holds the lease (it listens, or retries listening while Postgres is away). */
  private leased = false;
  private stopped = false;
  private busy = false;

  constructor(private readonly options: NotificationRelayOptions) {
    // Commands wait while Redis is away (reconnecting by itself) instead of failing.
    const connection = { maxRetriesPerRequest: null };
    this.commands = new Redis(options.redisUrl, connection) as LeaseCommands;
    this.commands.defineCommand('renewLease', { numberOfKeys: 1, lua: RENEW });
    this.commands.defineCommand('releaseLease', { numberOfKeys: 1, lua: RELEASE });
    this.subscriber = new Redis(options.redisUrl, connection);
    this.key = `${options.scope}:notification-relay`;
    this.channel = `${options.scope}:notifications`;
    this.leaseMs = options.leaseMs ?? 3000;
    for (const redis of [this.commands, this.subscriber]) redis.on('error', (error: Error) => options.log('warn', `Redis (notifications): ${error.message}`));
    this.subscriber.on('message', (_channel: string, message: string) => this.deliver(message));
    // A reconnected subscriber missed what was published meanwhile.
    let connectedOnce = false;
    this.subscriber.on('ready', () => {
      if (connectedOnce) options.onMissed();
      connectedOnce = true;
    });
  }

  /** True while this worker is the one listening on Postgres. */
  get relaying(): boolean {
    return this.listening !== undefined;
  }

  async start(): Promise<void> {
    await this.subscriber.subscribe(this.channel);
    await this.round();
    this.timer = setInterval(() => void this.round(), Math.max(100, Math.floor(this.leaseMs / 3)));
    this.timer.unref();
  }

  private deliver(message: string): void {
    try {
      const { channel, payload } = JSON.parse(message) as { channel: string; payload: Record<string, unknown> };
      if (channel === RELAY_STARTED) this.options.onMissed();
      else this.options.channels[channel]?.(payload);
    } catch {
      // Not ours to read.
    }
  }

  /** Keeps or takes the lease, and listens while holding it. */
  private async round(): Promise<void> {
    if (this.busy || this.stopped || !this.options.mayRelay) return;
    this.busy = true;
    try {
      this.leased = this.leased
        ? (await this.commands.renewLease(this.key, this.options.id, String(this.leaseMs))) === 1
        : (await this.commands.set(this.key, this.options.id, 'PX', this.leaseMs, 'NX')) === 'OK';
    } catch (error) {
      this.options.log('warn', `Relaying notifications: ${(error as Error).message}; retrying.`);
      this.leased = false;
    }
    try {
      if (!this.leased) this.unlisten();
      else if (!this.listening) await this.listen();
    } catch (error) {
      this.options.log('warn', `Listening on Postgres failed (${(error as Error).message}); retrying.`);
    } finally {
      this.busy = false;
    }
  }

  private async listen(): Promise<void> {
    const client = await this.options.pool.connect();
    let lost = false;
    const drop = () => {
      if (lost) return;
      lost = true;
      if (this.listening?.client === client) this.listening = undefined;
      // Destroyed, not returned: a pooled connection must not keep listening.
      client.release(true);
    };
    client.on('error', drop);
    client.on('end', drop);
    client.on('notification', (message) => {
      if (!(message.channel in this.options.channels)) return;
      let payload: unknown;
      try {
        payload = JSON.parse(message.payload ?? '{}');
      } catch {
        return;
      }
      this.publish(message.channel, payload);
    });
    try {
      for (const channel of Object.keys(this.options.channels)) await client.query(`listen ${client.escapeIdentifier(channel)}`);
    } catch (error) {
      drop();
      throw error;
    }
    this.listening = { client, drop };
    this.options.log('info', "This worker relays the team's Postgres notifications.");
    this.publish(RELAY_STARTED, {});
    this.options.onListening();
  }

  private publish(channel: string, payload: unknown): void {
    void this.commands.publish(this.channel, JSON.stringify({ channel, payload })).catch((error: Error) => this.options.log('warn', `Relaying a notification failed: ${error.message}`));
  }

  private unlisten(): void {
    this.listening?.drop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    while (this.busy) await new Promise((resolve) => setTimeout(resolve, 10));
    if (this.leased) await this.commands.releaseLease(this.key, this.options.id).catch(() => {});
    this.unlisten();
    this.commands.disconnect();
    this.subscriber.disconnect();
  }
}

import type { Alert } from '../../../../../shared/contract/alerts';
import { EchelonError } from '../../../../../shared/contract/errors';
import type { AlertRepository } from '../alert-repository';
import { testAlert, type AlertNotice } from '../alert-notice';
import type { ChannelRepository, StoredChannel } from '../channel-repository';
import type { ChannelSender, ChannelSenders } from './channel-sender';

export interface DispatcherOptions {
  channels: ChannelRepository;
  alerts: AlertRepository;
  senders: ChannelSenders;
  redact(text: string): string;
  log(level: 'info' | 'warn', message: string): void;
  /** Notices a channel gets per period (default 10 a minute) before the rest are held for one digest. */
  rate?: ChannelRate;
}

export interface ChannelRate {
  notices: number;
  perMs: number;
}

/**
 * Sends alert notices to channels and records each outcome. A channel gets at most a few
 * notices a minute: when many rules fire at once (an outage), the rest wait and go out as one
 * digest, so nobody's phone receives a storm.
 */
export class Dispatcher {
  private readonly sent = new Map<string, number[]>();
  private readonly held = new Map<string, Alert[]>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly rate: ChannelRate;

  constructor(private readonly options: DispatcherOptions) {
    this.rate = options.rate ?? { notices: 10, perMs: 60_000 };
  }

  private async deliver(channel: StoredChannel, notice: AlertNotice): Promise<{ ok: boolean; error: string | null }> {
    const send = this.options.senders[channel.config.type] as ChannelSender<typeof channel.config.type>;
    try {
      await send(notice, channel.config as never, { id: channel.id, name: channel.name });
      return { ok: true, error: null };
    } catch (error) {
      const message = this.options.redact(error instanceof Error ? error.message : String(error));
      this.options.log('warn', `Alert channel "${channel.name}" failed: ${message}`);
      return { ok: false, error: message };
    }
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.inFlight.add(promise);
    void promise.finally(() => this.inFlight.delete(promise)).catch(() => {});
    return promise;
  }

  /** Tells the channels of a rule that an alert fired or resolved. Returns once every delivery was attempted. */
  dispatch(event: 'fired' | 'resolved', alert: Alert, channelIds: readonly string[]): Promise<void> {
    const jobs: Promise<unknown>[] = [];
    for (const id of channelIds) {
      const channel = this.options.channels.find(id);
      if (!channel || !channel.enabled || (event === 'resolved' && !channel.notifyResolved)) continue;
      if (!this.take(channel.id)) {
        this.hold(channel, alert);
        continue;
      }
      jobs.push(
        this.track(
          this.deliver(channel, { event, alert }).then((outcome) =>
            this.options.alerts.recordDelivery({ alertId: alert.id, channelId: channel.id, channelName: channel.name, event, at: Date.now(), ...outcome }),
          ),
        ),
      );
    }
    return Promise.all(jobs).then(() => undefined);
  }

  /** Sends a test notice, whatever the rate, and says how it went. */
  async test(channelId: string): Promise<{ ok: boolean; error: string | null; durationMs: number }> {
    const channel = this.options.channels.find(channelId);
    if (!channel) throw new EchelonError('not_found', `No alert channel "${channelId}".`);
    const started = performance.now();
    const outcome = await this.track(this.deliver(channel, { event: 'test', alert: testAlert(channel.name) }));
    this.options.alerts.recordDelivery({ alertId: null, channelId: channel.id, channelName: channel.name, event: 'test', at: Date.now(), ...outcome });
    return { ...outcome, durationMs: Math.round(performance.now() - started) };
  }

  /** Whether the channel may send now; if so, the send is counted. */
  private take(channelId: string): boolean {
    const now = Date.now();
    const recent = (this.sent.get(channelId) ?? []).filter((at) => now - at < this.rate.perMs);
    if (recent.length >= this.rate.notices || this.held.has(channelId)) {
      this.sent.set(channelId, recent);
      return false;
    }
    recent.push(now);
    this.sent.set(channelId, recent);
    return true;
  }

  private hold(channel: StoredChannel, alert: Alert): void {
    const held = this.held.get(channel.id) ?? [];
    held.push(alert);
    this.held.set(channel.id, held);
    if (this.timers.has(channel.id)) return;
    const oldest = this.sent.get(channel.id)?.[0] ?? Date.now();
    const timer = setTimeout(() => this.flushDigest(channel.id), Math.max(0, oldest + this.rate.perMs - Date.now()));
    timer.unref();
    this.timers.set(channel.id, timer);
  }

  private flushDigest(channelId: string): void {
    this.timers.delete(channelId);
    const alerts = this.held.get(channelId) ?? [];
    this.held.delete(channelId);
    const channel = this.options.channels.find(channelId);
    if (!channel || alerts.length === 0) return;
    this.sent.set(channelId, [Date.now()]);
    void this.track(
      this.deliver(channel, { event: 'digest', alerts }).then((outcome) => {
        for (const alert of alerts) this.options.alerts.recordDelivery({ alertId: alert.id, channelId, channelName: channel.name, event: 'digest', at: Date.now(), ...outcome });
      }),
    );
  }

  /** Resolves once every delivery started so far has finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  async dispose(): Promise<void> {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await this.idle();
  }
}

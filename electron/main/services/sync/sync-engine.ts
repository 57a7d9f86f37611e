import type { Disposable } from '../../../../shared/lifecycle/disposable';
import type { Puller } from './puller';
import type { PushReport, Pusher } from './pusher';
import { RemoteUnauthorized, RemoteUnavailable } from './remote/sync-remote';

export type Phase = 'idle' | 'pushing' | 'pulling';

export interface EngineHooks {
  /** The organization to sync, or undefined while there is none (signed out, no org). */
  org(): string | undefined;
  onPhase(phase: Phase): void;
  onPushed(report: PushReport): void;
  /** After a full cycle (push, pull, audit) succeeded. */
  onSynced(): void;
  onFailure(failure: SyncFailure | undefined): void;
  /** The session was refused: refresh it (true when that worked). */
  refreshSession(): Promise<boolean>;
  /** Work after push and pull (the audit log). */
  afterCycle(org: string): Promise<void>;
}

export interface SyncFailure {
  offline: boolean;
  message: string;
}

const BACKOFF_MS = [1000, 2000, 5000, 10_000, 30_000, 60_000];

/**
 * Runs sync cycles, one at a time: push the outbox (batch after batch), then pull when asked
 * (a Realtime hint, a (re)subscription, a start). A failure backs off (1 s up to a minute) and
 * retries by itself; a kick while a cycle runs makes one more cycle afterwards.
 */
export class SyncEngine implements Disposable {
  private running: Promise<void> | undefined;
  private again = false;
  private pullWanted = true;
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private disposed = false;

  constructor(
    private readonly pusher: Pusher,
    private readonly puller: Puller,
    private readonly hooks: EngineHooks,
  ) {}

  /** Something changed locally (push) or remotely (`pull`): run a cycle soon. */
  kick(pull = false): void {
    if (pull) this.pullWanted = true;
    if (this.disposed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer && this.failures > 0 && !pull) return;
    this.schedule(0);
  }

  /** Runs a cycle now (with a pull) and resolves when it and any it triggered are done. */
  async syncNow(): Promise<void> {
    this.pullWanted = true;
    this.failures = 0;
    if (this.running) {
      this.again = true;
      await this.running;
    }
    await this.run();
    while (this.running) await this.running;
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.run();
    }, ms);
    this.timer.unref?.();
  }

  private run(): Promise<void> {
    if (this.running) return this.running;
    this.running = this.cycle().finally(() => {
      this.running = undefined;
      if (this.again && !this.disposed) {
        this.again = false;
        void this.run();
      }
    });
    return this.running;
  }

  private async cycle(): Promise<void> {
    const org = this.hooks.org();
    if (!org || this.disposed) return;
    try {
      this.hooks.onPhase('pushing');
      for (let round = 0; round < 1000; round++) {
        const report = await this.pusher.pushOnce(org);
        this.hooks.onPushed(report);
        if (!report.more) break;
      }
      if (this.pullWanted) {
        this.pullWanted = false;
        this.hooks.onPhase('pulling');
        try {
          await this.puller.pullAll(org);
        } catch (error) {
          this.pullWanted = true;
          throw error;
        }
        // A pull may have merged remote edits into local ones: those go out now.
        for (let round = 0; round < 1000; round++) {
          const report = await this.pusher.pushOnce(org);
          this.hooks.onPushed(report);
          if (!report.more) break;
        }
      }
      await this.hooks.afterCycle(org);
      this.failures = 0;
      this.hooks.onFailure(undefined);
      this.hooks.onSynced();
    } catch (error) {
      if (error instanceof RemoteUnauthorized && this.failures === 0 && (await this.hooks.refreshSession().catch(() => false))) {
        this.failures++;
        this.again = true;
        return;
      }
      this.failures++;
      this.hooks.onFailure({ offline: error instanceof RemoteUnavailable, message: error instanceof Error ? error.message : String(error) });
      if (!this.disposed) this.schedule(BACKOFF_MS[Math.min(this.failures, BACKOFF_MS.length) - 1]!);
    } finally {
      this.hooks.onPhase('idle');
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    clearTimeout(this.timer);
    await this.running;
  }
}

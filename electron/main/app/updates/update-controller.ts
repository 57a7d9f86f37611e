import { EchelonError, type UpdateStatus } from '../../../../shared/contract';
import type { Disposable } from '../../../../shared/lifecycle/disposable';
import type { DesktopPort } from '../../services/app/desktop-port';

/** The part of electron-updater's `autoUpdater` used here, so the controller is tested without Electron. */
export interface UpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  on(event: 'checking-for-update', listener: () => void): unknown;
  on(event: 'update-not-available', listener: () => void): unknown;
  on(event: 'update-available', listener: (info: { version: string }) => void): unknown;
  on(event: 'download-progress', listener: (progress: { percent: number }) => void): unknown;
  on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
}

export const UPDATE_INTERVAL_MS = 4 * 60 * 60 * 1000;
/** The first check waits until start-up is over. */
const FIRST_CHECK_DELAY_MS = 30_000;

export interface UpdateControllerOptions {
  /** Absent where updates are not possible; `unsupportedReason` says why. */
  updater?: UpdaterLike;
  unsupportedReason?: string;
  currentVersion: string;
  /** The person's setting, as saved. */
  automatic: boolean;
  saveAutomatic(automatic: boolean): void;
  /** Every change of status (the host's event bus). */
  emit(status: UpdateStatus): void;
  /** A downloaded update waits for the person: told once per version. */
  onReady(version: string): void;
  intervalMs?: number;
  firstCheckDelayMs?: number;
}

function shortReason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.slice(0, 300);
}

/**
 * Checks for updates at start and every few hours while the person lets it, downloads what it
 * finds, and waits: the person chooses when to restart (or the update installs at the next quit).
 */
type UpdatesPort = DesktopPort['updates'];

export class UpdateController implements UpdatesPort, Disposable {
  private current: UpdateStatus;
  private firstCheck?: NodeJS.Timeout;
  private interval?: NodeJS.Timeout;
  private readyVersion?: string;

  constructor(private readonly options: UpdateControllerOptions) {
    const { updater } = options;
    this.current = updater
      ? { state: 'idle', automatic: options.automatic, currentVersion: options.currentVersion }
      : { state: 'unsupported', automatic: options.automatic, currentVersion: options.currentVersion, message: options.unsupportedReason };
    if (!updater) return;
    updater.autoDownload = true;
    updater.autoInstallOnAppQuit = true;
    updater.on('checking-for-update', () => this.set({ state: 'checking', percent: undefined, message: undefined }));
    updater.on('update-not-available', () => this.set({ state: 'idle', version: undefined, checkedAt: new Date().toISOString() }));
    updater.on('update-available', ({ version }) => this.set({ state: 'downloading', version, percent: 0, checkedAt: new Date().toISOString() }));
    updater.on('download-progress', ({ percent }) => this.set({ state: 'downloading', percent: Math.max(0, Math.min(100, percent)) }));
    updater.on('update-downloaded', ({ version }) => {
      this.set({ state: 'ready', version, percent: undefined });
      if (this.readyVersion !== version) options.onReady(version);
      this.readyVersion = version;
    });
    updater.on('error', (error) => this.fail(error));
  }

  private set(changes: Partial<UpdateStatus>): void {
    const next = { ...this.current, ...changes };
    if (JSON.stringify(next) === JSON.stringify(this.current)) return;
    this.current = next;
    this.options.emit(next);
  }

  private fail(error: unknown): void {
    // A found update that failed to download is not lost: the next check finds it again.
    const retry = this.current.automatic ? ' Echelon tries again in a few hours, or check now.' : ' Check again later.';
    this.set({ state: 'error', percent: undefined, message: `Could not update: ${shortReason(error)}.${retry}` });
  }

  status(): UpdateStatus {
    return this.current;
  }

  /** Starts the automatic checks if the person wants them. */
  start(): void {
    if (this.current.automatic) this.schedule();
  }

  configure(automatic: boolean): UpdateStatus {
    this.options.saveAutomatic(automatic);
    this.unschedule();
    this.set({ automatic });
    if (automatic) this.schedule();
    return this.current;
  }

  async check(): Promise<UpdateStatus> {
    const { updater } = this.options;
    if (!updater || ['checking', 'downloading', 'ready'].includes(this.current.state)) return this.current;
    this.set({ state: 'checking', percent: undefined, message: undefined });
    try {
      await updater.checkForUpdates();
      // electron-updater answers null without an event when it is inactive (not packaged).
      if (this.current.state === 'checking') this.set({ state: 'idle', checkedAt: new Date().toISOString() });
    } catch (error) {
      if (this.current.state !== 'error') this.fail(error);
    }
    return this.current;
  }

  restart(): void {
    if (this.current.state !== 'ready' || !this.options.updater) throw new EchelonError('conflict', 'No update is ready to install yet.');
    this.options.updater.quitAndInstall(false, true);
  }

  private schedule(): void {
    if (!this.options.updater) return;
    this.firstCheck = setTimeout(() => void this.check(), this.options.firstCheckDelayMs ?? FIRST_CHECK_DELAY_MS);
    this.interval = setInterval(() => void this.check(), this.options.intervalMs ?? UPDATE_INTERVAL_MS);
    this.firstCheck.unref();
    this.interval.unref();
  }

  private unschedule(): void {
    clearTimeout(this.firstCheck);
    clearInterval(this.interval);
    this.firstCheck = this.interval = undefined;
  }

  dispose(): void {
    this.unschedule();
  }
}

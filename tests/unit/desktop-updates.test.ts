import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UpdateController, UPDATE_INTERVAL_MS, type UpdaterLike } from '../../electron/main/app/updates/update-controller';
import { crashDumpFile, listCrashDumps } from '../../electron/main/services/app/crash-dumps';
import { desktopHandlers } from '../../electron/main/services/app/desktop-handlers';
import type { UpdateStatus } from '../../shared/contract';
import { createRouter } from '../../shared/rpc/router';
import { unusedHandlers } from '../helpers/handlers';
import { tempDir } from '../helpers/temp-dir';

/** electron-updater's autoUpdater as seen from outside: events, a check that plays a scripted feed, quitAndInstall. */
class FakeUpdater extends EventEmitter implements UpdaterLike {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  checks = 0;
  installs: unknown[][] = [];
  /** What the feed answers to the next check. */
  feed: { version?: string; error?: string } = {};

  async checkForUpdates(): Promise<unknown> {
    this.checks++;
    this.emit('checking-for-update');
    if (this.feed.error) {
      const error = new Error(`${this.feed.error}\n    at stack trace line`);
      this.emit('error', error);
      throw error;
    }
    if (!this.feed.version) {
      this.emit('update-not-available', { version: '1.0.0' });
      return null;
    }
    this.emit('update-available', { version: this.feed.version });
    this.emit('download-progress', { percent: 42 });
    this.emit('update-downloaded', { version: this.feed.version });
    return { updateInfo: { version: this.feed.version } };
  }

  quitAndInstall(...args: unknown[]): void {
    this.installs.push(args);
  }
}

function controller(options: { automatic?: boolean; updater?: FakeUpdater } = {}) {
  const updater = options.updater ?? new FakeUpdater();
  const emitted: UpdateStatus[] = [];
  const saved: boolean[] = [];
  const ready: string[] = [];
  const updates = new UpdateController({
    updater,
    currentVersion: '1.0.0',
    automatic: options.automatic ?? true,
    saveAutomatic: (automatic) => void saved.push(automatic),
    emit: (status) => void emitted.push(status),
    onReady: (version) => void ready.push(version),
    firstCheckDelayMs: 1_000,
  });
  return { updates, updater, emitted, saved, ready };
}

describe('updates', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('checks soon after start and every few hours, downloads what it finds, and waits for the person', async () => {
    const { updates, updater, emitted, ready } = controller();
    expect(updater.autoDownload).toBe(true);
    expect(updater.autoInstallOnAppQuit).toBe(true);
    updates.start();
    expect(updater.checks).toBe(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(updater.checks).toBe(1);
    expect(updates.status()).toMatchObject({ state: 'idle', automatic: true, currentVersion: '1.0.0', checkedAt: expect.any(String) });

    updater.feed = { version: '1.1.0' };
    await vi.advanceTimersByTimeAsync(UPDATE_INTERVAL_MS);
    expect(updater.checks).toBe(2);
    expect(emitted.map((status) => status.state)).toEqual(['checking', 'idle', 'checking', 'downloading', 'downloading', 'ready']);
    expect(emitted.find((status) => status.percent === 42)).toBeDefined();
    expect(updates.status()).toMatchObject({ state: 'ready', version: '1.1.0' });
    expect(ready).toEqual(['1.1.0']);
    // Nothing restarts by itself: the next tick checks nothing more while an update waits.
    await vi.advanceTimersByTimeAsync(UPDATE_INTERVAL_MS);
    expect(updater.checks).toBe(2);
    expect(updater.installs).toEqual([]);

    updates.restart();
    expect(updater.installs).toEqual([[false, true]]);
    updates.dispose();
  });

  it('does not check by itself when the person turned it off, but still checks on demand', async () => {
    const { updates, updater, saved } = controller({ automatic: false });
    updates.start();
    await vi.advanceTimersByTimeAsync(UPDATE_INTERVAL_MS * 2);
    expect(updater.checks).toBe(0);
    updater.feed = { version: '2.0.0' };
    expect(await updates.check()).toMatchObject({ state: 'ready', version: '2.0.0' });

    const other = controller({ automatic: true });
    other.updates.start();
    expect(other.updates.configure(false)).toMatchObject({ automatic: false });
    expect(other.saved).toEqual([false]);
    await vi.advanceTimersByTimeAsync(UPDATE_INTERVAL_MS * 2);
    expect(other.updater.checks).toBe(0);
    other.updates.configure(true);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(other.updater.checks).toBe(1);
    other.updates.dispose();
    expect(saved).toEqual([]);
  });

  it('reports a failed check in one line, and recovers on the next one', async () => {
    const { updates, updater } = controller();
    updater.feed = { error: 'net::ERR_NAME_NOT_RESOLVED' };
    const failed = await updates.check();
    expect(failed.state).toBe('error');
    expect(failed.message).toBe('Could not update: net::ERR_NAME_NOT_RESOLVED. Echelon tries again in a few hours, or check now.');
    updater.feed = {};
    expect(await updates.check()).toMatchObject({ state: 'idle', message: undefined });
  });

  it('refuses to restart before an update is ready', () => {
    const { updates, updater } = controller();
    expect(() => updates.restart()).toThrow('No update is ready to install yet.');
    expect(updater.installs).toEqual([]);
  });

  it('says why when this copy cannot update itself', async () => {
    const updates = new UpdateController({ unsupportedReason: 'Development builds do not update themselves.', currentVersion: '1.0.0', automatic: true, saveAutomatic: () => {}, emit: () => {}, onReady: () => {} });
    updates.start();
    expect(await updates.check()).toEqual({ state: 'unsupported', automatic: true, currentVersion: '1.0.0', message: 'Development builds do not update themselves.' });
  });
});

describe('crash dumps', () => {
  it('lists the minidumps Crashpad keeps, newest first, and opens only listed ones', () => {
    const folder = tempDir();
    fs.mkdirSync(path.join(folder, 'completed'), { recursive: true });
    fs.mkdirSync(path.join(folder, 'pending'), { recursive: true });
    fs.writeFileSync(path.join(folder, 'completed', 'old.dmp'), Buffer.alloc(2048));
    fs.writeFileSync(path.join(folder, 'pending', 'new.dmp'), Buffer.alloc(10));
    fs.writeFileSync(path.join(folder, 'settings.dat'), 'not a dump');
    fs.utimesSync(path.join(folder, 'completed', 'old.dmp'), new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'));
    expect(listCrashDumps(folder)).toEqual([
      { id: 'pending/new.dmp', createdAt: expect.any(String), bytes: 10 },
      { id: 'completed/old.dmp', createdAt: '2026-01-01T00:00:00.000Z', bytes: 2048 },
    ]);
    expect(crashDumpFile(folder, 'completed/old.dmp')).toBe(path.join(folder, 'completed', 'old.dmp'));
    expect(crashDumpFile(folder, '../../etc/passwd')).toBeUndefined();
    expect(crashDumpFile(folder, 'settings.dat')).toBeUndefined();
    expect(listCrashDumps(path.join(folder, 'missing'))).toEqual([]);
  });
});

describe('desktop methods headless', () => {
  it('answer that updates and crash reports belong to the desktop app', async () => {
    const router = createRouter({ ...unusedHandlers(), ...desktopHandlers(undefined) });
    expect(await router.call('desktop.updates.status', {}, { caller: 'test' })).toMatchObject({ ok: true, data: { state: 'unsupported', message: expect.stringContaining('npm') } });
    expect(await router.call('desktop.crashReports.list', {}, { caller: 'test' })).toEqual({ ok: true, data: { supported: false, folder: null, dumps: [] } });
    expect(await router.call('desktop.updates.restart', {}, { caller: 'test' })).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(await router.call('desktop.crashReports.reveal', { id: 'x.dmp' }, { caller: 'test' })).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });
});

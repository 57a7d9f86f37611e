import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import { describe, expect, it } from 'vitest';
import { WINDOW_STATE_STORE, WindowStateKeeper, type ScreenLike } from '../../electron/main/app/window-state';

type Rectangle = Parameters<ScreenLike['getDisplayMatching']>[0];
type TrackedWindow = Parameters<WindowStateKeeper['track']>[0];
import { tempDir } from '../helpers/temp-dir';

const DISPLAY = { x: 0, y: 0, width: 1920, height: 1080 };
const screen: ScreenLike = { getDisplayMatching: () => ({ workArea: DISPLAY }) };

/** The same file electron-store keeps (electron-store is conf with Electron's user-data folder). */
function openStore(dir: string) {
  return () => new Conf<Record<string, unknown>>({ cwd: dir, configName: WINDOW_STATE_STORE.name, clearInvalidConfig: WINDOW_STATE_STORE.clearInvalidConfig, projectName: 'echelon' });
}

function fakeWindow(bounds: Rectangle, maximized = false) {
  const events = new EventEmitter();
  const window = Object.assign(events, {
    isDestroyed: () => false,
    isMaximized: () => maximized,
    isMinimized: () => false,
    getBounds: () => bounds,
  });
  return window as unknown as TrackedWindow & EventEmitter;
}

describe('window state', () => {
  it('remembers bounds and the maximized state across launches', () => {
    const dir = tempDir();
    const first = new WindowStateKeeper(openStore(dir), screen);
    expect(first.initialBounds()).toEqual({ width: 1280, height: 820 });
    const window = fakeWindow({ x: 100, y: 80, width: 1000, height: 700 });
    first.track(window);
    window.emit('close');
    const next = new WindowStateKeeper(openStore(dir), screen);
    expect(next.initialBounds()).toEqual({ x: 100, y: 80, width: 1000, height: 700 });
    expect(next.wasMaximized).toBe(false);
  });

  it('opens at the default size when the file is not JSON, and writes a good one again', () => {
    const dir = tempDir();
    const file = path.join(dir, 'window-state.json');
    fs.writeFileSync(file, '{"bounds": {"x": 10, "y"');
    const keeper = new WindowStateKeeper(openStore(dir), screen);
    expect(keeper.initialBounds()).toEqual({ width: 1280, height: 820 });
    expect(keeper.wasMaximized).toBe(false);
    const window = fakeWindow({ x: 5, y: 5, width: 900, height: 600 });
    keeper.track(window);
    window.emit('moved');
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ maximized: false, bounds: { x: 5, y: 5, width: 900, height: 600 } });
  });

  it('opens at the default size when the saved values make no sense', () => {
    for (const bounds of [{ x: 'left', y: 0, width: 800, height: 600 }, { x: 0, y: 0, width: -5, height: 600 }, { x: 0, y: 0, width: 1e9, height: 600 }, 'wide', null]) {
      const dir = tempDir();
      fs.writeFileSync(path.join(dir, 'window-state.json'), JSON.stringify({ bounds, maximized: 'yes' }));
      const keeper = new WindowStateKeeper(openStore(dir), screen);
      expect(keeper.initialBounds(), JSON.stringify(bounds)).toEqual({ width: 1280, height: 820 });
      expect(keeper.wasMaximized).toBe(false);
    }
  });

  it('keeps the size but not the position of a window left on a display that is gone', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'window-state.json'), JSON.stringify({ bounds: { x: 4000, y: 100, width: 1000, height: 700 } }));
    expect(new WindowStateKeeper(openStore(dir), screen).initialBounds()).toEqual({ width: 1000, height: 700 });
    const broken: ScreenLike = {
      getDisplayMatching: () => {
        throw new Error('no display');
      },
    };
    expect(new WindowStateKeeper(openStore(dir), broken).initialBounds()).toEqual({ width: 1280, height: 820 });
  });

  it('still opens the window when the file cannot be opened at all, and says so', () => {
    const warnings: string[] = [];
    const keeper = new WindowStateKeeper(
      () => {
        throw new Error('EACCES: permission denied');
      },
      screen,
      (message) => void warnings.push(message),
    );
    expect(keeper.initialBounds()).toEqual({ width: 1280, height: 820 });
    const window = fakeWindow({ x: 1, y: 2, width: 800, height: 600 }, true);
    keeper.track(window);
    window.emit('resized');
    expect(keeper.wasMaximized).toBe(true);
    expect(warnings).toEqual(['The window state file cannot be read; the window opens at its default size']);
  });
});

import type { BrowserWindow, Rectangle } from 'electron';
import { z } from 'zod';
import { MemoryKeyValueStore, type KeyValueStore } from '../services/preferences/preferences-service';

/** electron-store options: a file that is not JSON is started afresh instead of failing every read. */
export const WINDOW_STATE_STORE = { name: 'window-state', clearInvalidConfig: true } as const;

const DEFAULT_SIZE = { width: 1280, height: 820 };

const Bounds = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(100).max(100_000),
  height: z.number().int().min(100).max(100_000),
});

export interface ScreenLike {
  getDisplayMatching(rect: Rectangle): { workArea: Rectangle };
}

function overlaps(a: Rectangle, b: Rectangle): boolean {
  return a.x < b.x + b.width && a.x + a.width > b.x && a.y < b.y + b.height && a.y + a.height > b.y;
}

/**
 * Remembers size, position and maximized state across launches, kept on a visible display. A
 * damaged file or a nonsense value falls back to the defaults: the window always opens.
 */
export class WindowStateKeeper {
  private readonly store: KeyValueStore;

  constructor(
    openStore: () => KeyValueStore,
    private readonly screen: ScreenLike,
    private readonly warn: (message: string, fields?: Record<string, unknown>) => void = () => {},
  ) {
    this.store = this.open(openStore);
  }

  private open(openStore: () => KeyValueStore): KeyValueStore {
    try {
      return openStore();
    } catch (error) {
      this.warn('The window state file cannot be read; the window opens at its default size', { reason: (error as Error).message });
      return new MemoryKeyValueStore();
    }
  }

  private read(key: string): unknown {
    try {
      return this.store.get(key);
    } catch {
      return undefined;
    }
  }

  initialBounds(): Partial<Rectangle> {
    const saved = Bounds.safeParse(this.read('bounds'));
    if (!saved.success) return DEFAULT_SIZE;
    try {
      const area = this.screen.getDisplayMatching(saved.data).workArea;
      return overlaps(saved.data, area) ? saved.data : { width: saved.data.width, height: saved.data.height };
    } catch {
      return DEFAULT_SIZE;
    }
  }

  get wasMaximized(): boolean {
    return this.read('maximized') === true;
  }

  track(window: BrowserWindow): void {
    const save = () => {
      if (window.isDestroyed()) return;
      try {
        this.store.set('maximized', window.isMaximized());
        if (!window.isMaximized() && !window.isMinimized()) this.store.set('bounds', window.getBounds());
      } catch (error) {
        this.warn('The window state could not be saved', { reason: (error as Error).message });
      }
    };
    window.on('resized', save);
    window.on('moved', save);
    window.on('close', save);
  }
}

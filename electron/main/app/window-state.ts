import type { BrowserWindow, Rectangle } from 'electron';
import { screen } from 'electron';
import Store from 'electron-store';

interface WindowState {
  bounds?: Rectangle;
  maximized?: boolean;
}

const DEFAULT_SIZE = { width: 1280, height: 820 };

/** Remembers size, position and maximized state across launches, kept on a visible display. */
export class WindowStateKeeper {
  private readonly store = new Store<WindowState>({ name: 'window-state' });

  initialBounds(): Partial<Rectangle> {
    const saved = this.store.get('bounds');
    if (!saved) return DEFAULT_SIZE;
    const area = screen.getDisplayMatching(saved).workArea;
    const visible = saved.x < area.x + area.width && saved.x + saved.width > area.x && saved.y < area.y + area.height && saved.y + saved.height > area.y;
    return visible ? saved : { width: saved.width, height: saved.height };
  }

  get wasMaximized(): boolean {
    return this.store.get('maximized') === true;
  }

  track(window: BrowserWindow): void {
    const save = () => {
      if (window.isDestroyed()) return;
      this.store.set('maximized', window.isMaximized());
      if (!window.isMaximized() && !window.isMinimized()) this.store.set('bounds', window.getBounds());
    };
    window.on('resized', save);
    window.on('moved', save);
    window.on('close', save);
  }
}

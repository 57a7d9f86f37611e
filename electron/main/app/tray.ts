import { Menu, nativeImage, Tray } from 'electron';
import type { Disposable } from '../../../shared/lifecycle/disposable';

export interface TrayState {
  /** One line: what Echelon is doing right now. */
  summary: string;
  busy: boolean;
}

/** The tray icon: shows whether anything is running and offers to open or quit. */
export class AppTray implements Disposable {
  private readonly tray: Tray;

  constructor(
    private readonly icons: { idle: string; busy: string },
    private readonly actions: { open(): void; quit(): void },
  ) {
    this.tray = new Tray(nativeImage.createFromPath(icons.idle));
    this.tray.on('click', () => actions.open());
    this.update({ summary: 'Idle', busy: false });
  }

  update(state: TrayState): void {
    this.tray.setImage(nativeImage.createFromPath(state.busy ? this.icons.busy : this.icons.idle));
    this.tray.setToolTip(`Echelon — ${state.summary}`);
    this.tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: state.summary, enabled: false },
        { type: 'separator' },
        { label: 'Open Echelon', click: () => this.actions.open() },
        { label: 'Quit Echelon', click: () => this.actions.quit() },
      ]),
    );
  }

  dispose(): void {
    this.tray.destroy();
  }
}

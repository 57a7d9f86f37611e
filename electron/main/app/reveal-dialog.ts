import { BrowserWindow, clipboard, dialog, systemPreferences } from 'electron';
import type { RevealedField, RevealPrompt, RevealRequest } from '../services/vault/reveal-prompt';

const CLIPBOARD_CLEAR_MS = 30_000;

/**
 * Reveal on the desktop: native dialogs owned by the main process, which the renderer can
 * neither read nor click. Touch ID confirms where the Mac has it; elsewhere a native
 * confirmation. The value then appears once, in a message box, with an optional copy that
 * clears the clipboard after 30 seconds.
 */
export class RevealDialog implements RevealPrompt {
  async confirm(request: RevealRequest): Promise<boolean> {
    if (process.platform === 'darwin' && systemPreferences.canPromptTouchID()) {
      return systemPreferences.promptTouchID(`reveal the secret ${request.name}`).then(
        () => true,
        () => false,
      );
    }
    const options = {
      type: 'warning' as const,
      title: 'Reveal a secret',
      message: `Show the value of ${request.name}?`,
      detail: 'It will appear once in a system dialog. Anyone looking at your screen will see it.',
      buttons: ['Cancel', 'Reveal'],
      defaultId: 0,
      cancelId: 0,
      noLink: true,
    };
    const parent = BrowserWindow.getFocusedWindow();
    const { response } = parent ? await dialog.showMessageBox(parent, options) : await dialog.showMessageBox(options);
    return response === 1;
  }

  async show(request: RevealRequest, fields: readonly RevealedField[]): Promise<void> {
    const primary = fields.find((field) => field.secret) ?? fields[0];
    const detail = fields.map((field) => `${field.name}:\n${field.value}`).join('\n\n');
    const options = {
      type: 'info' as const,
      title: request.name,
      message: request.name,
      detail,
      buttons: ['Close', `Copy ${primary?.name ?? 'value'} and close`],
      defaultId: 0,
      cancelId: 0,
      noLink: true,
    };
    const parent = BrowserWindow.getFocusedWindow();
    const { response } = parent ? await dialog.showMessageBox(parent, options) : await dialog.showMessageBox(options);
    if (response === 1 && primary) {
      clipboard.writeText(primary.value);
      // Cleared only if it still holds the value: something copied since is left alone.
      const timer = setTimeout(() => {
        void clipboard.readText().then((text) => {
          if (text === primary.value) clipboard.clear();
        });
      }, CLIPBOARD_CLEAR_MS);
      timer.unref();
    }
  }
}

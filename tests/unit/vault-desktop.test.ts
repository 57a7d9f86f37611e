import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';

// A stand-in for Electron's main-process APIs: safeStorage seals with a per-"user" prefix, dialogs answer what the test says.
const electron = vi.hoisted(() => ({
  user: 'alice',
  answers: [] as number[],
  shown: [] as { message: string; detail?: string }[],
  clipboard: '',
}));
vi.mock('electron', () => ({
  safeStorage: {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => 'gnome_libsecret',
    encryptString: (text: string) => Buffer.from(`${electron.user}|${text}`),
    decryptString: (sealed: Buffer) => {
      const [user, ...rest] = sealed.toString().split('|');
      if (user !== electron.user) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return rest.join('|');
    },
  },
  systemPreferences: { canPromptTouchID: () => false },
  BrowserWindow: { getFocusedWindow: () => null },
  dialog: {
    showMessageBox: async (options: { message: string; detail?: string }) => {
      electron.shown.push({ message: options.message, detail: options.detail });
      return { response: electron.answers.shift() ?? 0 };
    },
  },
  clipboard: {
    writeText: (text: string) => void (electron.clipboard = text),
    readText: async () => electron.clipboard,
    clear: () => void (electron.clipboard = ''),
  },
}));

const { KeychainProtector } = await import('../../electron/main/app/keychain-protector');
const { RevealDialog } = await import('../../electron/main/app/reveal-dialog');
const { WrongKeyError } = await import('../../electron/main/services/vault/key-protector');

beforeEach(() => {
  electron.user = 'alice';
  electron.answers = [];
  electron.shown = [];
  electron.clipboard = '';
});

describe('OS keychain protector (safeStorage)', () => {
  it('wraps and unwraps the master key, bound to its generation and to the OS user', async () => {
    const protector = new KeychainProtector();
    const master = randomBytes(32);
    const slot = await protector.wrap(master, 3);
    expect(slot).toMatchObject({ protector: 'keychain', keyGeneration: 3 });
    expect((await protector.unwrap(slot)).equals(master)).toBe(true);
    await expect(protector.unwrap({ ...slot, keyGeneration: 4 })).rejects.toThrow(WrongKeyError);
    electron.user = 'mallory';
    await expect(protector.unwrap(slot)).rejects.toThrow(WrongKeyError);
  });

  it('counts as available only when the OS backs it', () => {
    expect(KeychainProtector.isAvailable()).toBe(true);
  });
});

describe('reveal dialog', () => {
  const request = { name: 'DB_LOGIN', kind: 'basic' as const, description: '' };
  const fields = [
    { name: 'username', value: 'alice', secret: false },
    { name: 'password', value: 'pa55-word', secret: true },
  ];

  it('asks for confirmation in a native dialog and defaults to Cancel', async () => {
    const dialog = new RevealDialog();
    expect(await dialog.confirm(request)).toBe(false);
    electron.answers.push(1);
    expect(await dialog.confirm(request)).toBe(true);
    expect(electron.shown[0]!.message).toBe('Show the value of DB_LOGIN?');
  });

  it('shows every field once and copies the secret one on request', async () => {
    const dialog = new RevealDialog();
    electron.answers.push(1);
    await dialog.show(request, fields);
    expect(electron.shown[0]!.detail).toBe('username:\nalice\n\npassword:\npa55-word');
    expect(electron.clipboard).toBe('pa55-word');
  });
});

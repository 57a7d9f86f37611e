import { describe, expect, it } from 'vitest';
import { bindIpc, isTrustedSender, type IpcMainLike } from '../../electron/main/app/ipc';
import { EventBus } from '../../electron/main/services/events/event-bus';
import { IPC_EVENT, IPC_INVOKE } from '../../shared/rpc/bridge';
import { createRouter, type Handlers } from '../../shared/rpc/router';
import { unusedHandlers } from '../helpers/handlers';

type Listener = Parameters<IpcMainLike['handle']>[1];

function fakeIpcMain() {
  const handlers = new Map<string, Listener>();
  const ipc: IpcMainLike = {
    handle: (channel, listener) => void handlers.set(channel, listener),
    removeHandler: (channel) => void handlers.delete(channel),
  };
  return { ipc, handlers };
}

const frame = (url: string, parent: unknown = null) => ({ senderFrame: { url, parent } }) as never;

const handlers: Handlers = {
  ...unusedHandlers(),
  'app.status': () => { throw new Error('not used'); },
  'app.activity': () => [],
  'preferences.get': () => ({ theme: 'system', sidebarCollapsed: false }),
  'preferences.update': (changes) => ({ theme: changes.theme ?? 'system', sidebarCollapsed: false }),
};

describe('Electron IPC binding', () => {
  it('accepts only the main frame of the app origin', () => {
    expect(isTrustedSender(frame('app://echelon/index.html'))).toBe(true);
    expect(isTrustedSender(frame('app://echelon/index.html', {}))).toBe(false);
    expect(isTrustedSender(frame('https://evil.example/'))).toBe(false);
    expect(isTrustedSender(frame('app://echelon.evil/index.html'))).toBe(false);
    expect(isTrustedSender(frame('file:///etc/passwd'))).toBe(false);
    expect(isTrustedSender({ senderFrame: null } as never)).toBe(false);
  });

  it('routes calls to the router and returns typed validation errors', async () => {
    const { ipc, handlers: registered } = fakeIpcMain();
    bindIpc(ipc, createRouter(handlers), new EventBus(), () => []);
    const invoke = registered.get(IPC_INVOKE)!;
    expect(await invoke(frame('app://echelon/index.html'), 'preferences.update', { theme: 'dark' })).toEqual({ ok: true, data: { theme: 'dark', sidebarCollapsed: false } });
    expect(await invoke(frame('app://echelon/index.html'), 'preferences.update', { theme: 7 })).toMatchObject({ ok: false, error: { code: 'invalid_input', path: 'theme' } });
  });

  it('refuses calls from an untrusted frame without running the handler', async () => {
    const { ipc, handlers: registered } = fakeIpcMain();
    let ran = false;
    bindIpc(ipc, createRouter({ ...handlers, 'preferences.get': () => { ran = true; return { theme: 'system', sidebarCollapsed: false }; } }), new EventBus(), () => []);
    const result = await registered.get(IPC_INVOKE)!(frame('https://evil.example/'), 'preferences.get', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(ran).toBe(false);
  });

  it('forwards events only to windows showing the app, and unbinds on dispose', () => {
    const { ipc, handlers: registered } = fakeIpcMain();
    const bus = new EventBus();
    const sent: unknown[][] = [];
    const contents = (url: string) => ({ isDestroyed: () => false, getURL: () => url, send: (...args: unknown[]) => sent.push([url, ...args]) });
    const binding = bindIpc(ipc, createRouter(handlers), bus, () => [contents('app://echelon/index.html'), contents('https://evil.example/')] as never);
    bus.emit('app.navigate', { page: 'vault' });
    expect(sent).toEqual([['app://echelon/index.html', IPC_EVENT, 'app.navigate', { page: 'vault' }]]);
    void binding.dispose();
    expect(registered.has(IPC_INVOKE)).toBe(false);
    bus.emit('app.navigate', { page: 'team' });
    expect(sent).toHaveLength(1);
  });
});

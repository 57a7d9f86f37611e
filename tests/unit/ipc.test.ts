import { describe, expect, it } from 'vitest';
import { appUrls } from '../../electron/main/app/app-url';
import { bindIpc, senderRefusal, type IpcMainLike } from '../../electron/main/app/ipc';
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

const handlers = {
  ...unusedHandlers(),
  'app.status': () => { throw new Error('not used'); },
  'app.activity': () => [],
  'preferences.get': () => ({ theme: 'system', sidebarCollapsed: false }),
  'preferences.update': (changes) => ({ theme: changes.theme ?? 'system', sidebarCollapsed: false }),
} satisfies Handlers;

describe('Electron IPC binding', () => {
  it('accepts only the main frame of the app origin', () => {
    const urls = appUrls();
    expect(senderRefusal(frame('app://echelon/index.html'), urls)).toBeUndefined();
    expect(senderRefusal(frame('app://echelon/index.html', {}), urls)).toBe('subframe');
    expect(senderRefusal(frame('https://evil.example/'), urls)).toBe('foreign-origin');
    expect(senderRefusal(frame('app://echelon.evil/index.html'), urls)).toBe('foreign-origin');
    expect(senderRefusal(frame('file:///etc/passwd'), urls)).toBe('foreign-origin');
    expect(senderRefusal({ senderFrame: null } as never, urls)).toBe('no-frame');
  });

  it('trusts the dev server only when the launch settings passed one, by origin', () => {
    const dev = appUrls('http://localhost:5173/');
    expect(senderRefusal(frame('http://localhost:5173/index.html'), dev)).toBeUndefined();
    expect(senderRefusal(frame('http://localhost:5174/'), dev)).toBe('foreign-origin');
    expect(senderRefusal(frame('http://localhost:5173/'), appUrls())).toBe('foreign-origin');
  });

  it('logs every refused call with its reason and origin, never its input or path', async () => {
    const { ipc, handlers: registered } = fakeIpcMain();
    const warnings: { source: string; message: string; fields?: Record<string, unknown> }[] = [];
    bindIpc(ipc, createRouter(handlers), new EventBus(), () => [], { urls: appUrls(), logger: { warn: (source, message, fields) => void warnings.push({ source, message, fields }) } });
    const invoke = registered.get(IPC_INVOKE)!;
    await invoke(frame('https://evil.example/steal?token=abc'), 'vault.reveal', { name: 'GITHUB_TOKEN' });
    await invoke(frame('app://echelon/index.html', {}), 'preferences.get', {});
    await invoke(frame('app://echelon/index.html'), 'preferences.get', {});
    expect(warnings).toEqual([
      { source: 'ipc', message: 'Refused a call from a frame that is not the app', fields: { reason: 'foreign-origin', method: 'vault.reveal', origin: 'https://evil.example' } },
      { source: 'ipc', message: 'Refused a call from a frame that is not the app', fields: { reason: 'subframe', method: 'preferences.get', origin: 'app://echelon' } },
    ]);
    expect(JSON.stringify(warnings)).not.toContain('GITHUB_TOKEN');
    expect(JSON.stringify(warnings)).not.toContain('token=abc');
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

  it('tells each call which window sent it, and says when that window closes or loads another page', async () => {
    const { ipc, handlers: registered } = fakeIpcMain();
    const sessions: (string | undefined)[] = [];
    const closed: string[] = [];
    bindIpc(
      ipc,
      createRouter({ ...handlers, 'preferences.get': (_input, ctx) => { sessions.push(ctx.session); return { theme: 'system', sidebarCollapsed: false }; } }),
      new EventBus(),
      () => [],
      { urls: appUrls(), logger: { warn: () => {} } },
      (session) => closed.push(session),
    );
    const window = (id: number) => {
      const listeners = new Map<string, () => void>();
      const sender = { id, once: (name: string, listener: () => void) => void listeners.set(name, listener), on: (name: string, listener: () => void) => void listeners.set(name, listener) };
      return { event: { senderFrame: { url: 'app://echelon/index.html', parent: null }, sender } as never, fire: (name: string) => listeners.get(name)?.() };
    };
    const one = window(1);
    const two = window(2);
    const invoke = registered.get(IPC_INVOKE)!;
    await invoke(one.event, 'preferences.get', {});
    await invoke(two.event, 'preferences.get', {});
    await invoke(one.event, 'preferences.get', {});
    expect(sessions).toEqual(['window:1', 'window:2', 'window:1']);
    two.fire('did-navigate');
    one.fire('destroyed');
    expect(closed).toEqual(['window:2', 'window:1']);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { contentSecurityPolicy } from '../../shared/security/csp';
import { tempDir } from '../helpers/temp-dir';

// A stand-in for the Electron main-process APIs the security module uses: it records what the app
// registers, and what it hands to the OS.
const electron = vi.hoisted(() => ({
  opened: [] as string[],
  appListeners: new Map<string, (...args: unknown[]) => void>(),
  permissionRequest: undefined as undefined | ((...args: unknown[]) => void),
  permissionCheck: undefined as undefined | ((...args: unknown[]) => boolean),
  headers: undefined as undefined | ((details: unknown, callback: (response: unknown) => void) => void),
}));
vi.mock('electron', () => ({
  shell: { openExternal: async (url: string) => void electron.opened.push(url) },
  app: { on: (event: string, listener: (...args: unknown[]) => void) => void electron.appListeners.set(event, listener) },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (handler: (...args: unknown[]) => void) => void (electron.permissionRequest = handler),
      setPermissionCheckHandler: (handler: (...args: unknown[]) => boolean) => void (electron.permissionCheck = handler),
      webRequest: { onHeadersReceived: (handler: typeof electron.headers) => void (electron.headers = handler) },
    },
  },
  protocol: {},
}));

const { browserUrl, openInBrowser } = await import('../../electron/main/app/external-browser');
const { applySecurityPolicy, uiContentSecurityPolicy } = await import('../../electron/main/app/security');
const { isPermissionGranted } = await import('../../electron/main/app/permissions');
const { rendererResponse } = await import('../../electron/main/app/protocol');
const { appUrls } = await import('../../electron/main/app/app-url');

beforeEach(() => {
  electron.opened = [];
  electron.appListeners.clear();
});

describe('the one way out to the browser', () => {
  it('allows http and https only, parsed', () => {
    expect(browserUrl('https://github.com/login/oauth/authorize?client_id=x')?.href).toBe('https://github.com/login/oauth/authorize?client_id=x');
    expect(browserUrl('http://127.0.0.1:8080/')).toBeDefined();
    for (const refused of ['file:///etc/passwd', 'smb://host/share', 'mailto:a@b.c', 'javascript:alert(1)', 'ms-msdt:/id', 'vscode://x', 'not a url', '']) {
      expect(browserUrl(refused), refused).toBeUndefined();
    }
  });

  it('hands the OS the parsed address, and refuses the rest with an error that names the scheme', async () => {
    await openInBrowser('HTTPS://Example.com/a b');
    expect(electron.opened).toEqual(['https://example.com/a%20b']);
    await expect(openInBrowser('file:///Applications/Calculator.app')).rejects.toThrow('Echelon opens only http and https addresses in the browser, not file:.');
    await expect(openInBrowser('/etc/passwd')).rejects.toThrow('not an address without a scheme');
    expect(electron.opened).toHaveLength(1);
  });
});

describe('permissions', () => {
  const urls = appUrls();
  it('grant the clipboard write to the main frame of the app only', () => {
    expect(isPermissionGranted('clipboard-sanitized-write', { isMainFrame: true, requestingUrl: 'app://echelon/mcp' }, urls)).toBe(true);
    expect(isPermissionGranted('clipboard-sanitized-write', { isMainFrame: false, requestingUrl: 'app://echelon/mcp' }, urls)).toBe(false);
    expect(isPermissionGranted('clipboard-sanitized-write', { isMainFrame: true, requestingUrl: 'https://evil.example/' }, urls)).toBe(false);
    expect(isPermissionGranted('clipboard-sanitized-write', { isMainFrame: true }, urls)).toBe(false);
    for (const other of ['clipboard-read', 'media', 'geolocation', 'notifications', 'openExternal', 'fileSystem']) {
      expect(isPermissionGranted(other, { isMainFrame: true, requestingUrl: 'app://echelon/' }, urls), other).toBe(false);
    }
  });
});

describe('the security policy', () => {
  function fakeContents() {
    const listeners = new Map<string, (event: { preventDefault(): void }, url: string) => void>();
    let windowOpen: ((details: { url: string }) => { action: string }) | undefined;
    return {
      listeners,
      open: (url: string) => windowOpen!({ url }),
      contents: {
        setWindowOpenHandler: (handler: typeof windowOpen) => void (windowOpen = handler),
        on: (event: string, listener: (event: { preventDefault(): void }, url: string) => void) => void listeners.set(event, listener),
      },
    };
  }

  it('keeps navigation inside the app, sends web links to the browser and drops the rest, logging what it refused', async () => {
    const warnings: string[] = [];
    applySecurityPolicy(appUrls(), { warn: (_source, message, fields) => void warnings.push(`${message} ${JSON.stringify(fields)}`) });
    const fake = fakeContents();
    electron.appListeners.get('web-contents-created')!({}, fake.contents);
    const navigate = (url: string) => {
      let prevented = false;
      fake.listeners.get('will-navigate')!({ preventDefault: () => void (prevented = true) }, url);
      return prevented;
    };
    expect(navigate('app://echelon/workflows')).toBe(false);
    expect(navigate('https://example.com/')).toBe(true);
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(fake.open('https://modelcontextprotocol.io/')).toEqual({ action: 'deny' });
    expect(fake.open('smb://attacker/share')).toEqual({ action: 'deny' });
    await vi.waitFor(() => expect(warnings).toHaveLength(2));
    expect(electron.opened).toEqual(['https://example.com/', 'https://modelcontextprotocol.io/']);
    expect(warnings.join('\n')).toContain('not file:');
    expect(warnings.join('\n')).toContain('not smb:');
    let webviewPrevented = false;
    fake.listeners.get('will-attach-webview')!({ preventDefault: () => void (webviewPrevented = true) }, '');
    expect(webviewPrevented).toBe(true);
  });

  it('answers permission requests and checks as the rule says, logging the refused requests', () => {
    const warnings: unknown[] = [];
    applySecurityPolicy(appUrls(), { warn: (_source, message, fields) => void warnings.push({ message, ...fields }) });
    const answers: boolean[] = [];
    electron.permissionRequest!({}, 'clipboard-sanitized-write', (granted: boolean) => answers.push(granted), { isMainFrame: true, requestingUrl: 'app://echelon/mcp' });
    electron.permissionRequest!({}, 'media', (granted: boolean) => answers.push(granted), { isMainFrame: true, requestingUrl: 'app://echelon/mcp' });
    expect(answers).toEqual([true, false]);
    expect(warnings).toEqual([{ message: 'Denied a permission request', permission: 'media', mainFrame: true }]);
    expect(electron.permissionCheck!({}, 'clipboard-sanitized-write', 'app://echelon', { isMainFrame: true })).toBe(true);
    expect(electron.permissionCheck!({}, 'clipboard-sanitized-write', 'https://evil.example', { isMainFrame: true })).toBe(false);
  });

  it('sets the strict CSP on every response, and the development one only with a dev server', () => {
    applySecurityPolicy(appUrls(), { warn: () => {} });
    let headers: Record<string, string[]> = {};
    electron.headers!({ responseHeaders: { 'Content-Security-Policy': ["default-src *"] } }, (response) => void (headers = (response as { responseHeaders: typeof headers }).responseHeaders));
    expect(headers['Content-Security-Policy']).toEqual([contentSecurityPolicy()]);
    expect(contentSecurityPolicy()).not.toContain('unsafe-inline');
    const dev = uiContentSecurityPolicy(appUrls('http://localhost:5173/'));
    expect(dev).toContain("script-src 'self' 'unsafe-inline'");
    expect(dev).toContain("style-src 'self' 'unsafe-inline'");
    expect(dev).toContain("connect-src 'self' ws://localhost:5173");
    expect(uiContentSecurityPolicy(appUrls())).toBe(contentSecurityPolicy());
  });
});

describe('the app:// protocol', () => {
  it('serves the renderer under the CSP, and answers 404 under the CSP too', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Echelon</title>');
    const found = rendererResponse('app://echelon/index.html', dir);
    expect(found.status).toBe(200);
    expect(await found.text()).toContain('<title>Echelon</title>');
    for (const missing of ['app://echelon/nope.js', 'app://echelon/..%2f..%2fetc%2fpasswd', 'app://other/index.html']) {
      const response = rendererResponse(missing, dir);
      expect(response.status, missing).toBe(404);
      expect(response.headers.get('Content-Security-Policy'), missing).toBe(contentSecurityPolicy());
      expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
    }
    expect(found.headers.get('Content-Security-Policy')).toBe(contentSecurityPolicy());
  });
});

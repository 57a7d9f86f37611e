import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { installedElectron } from '../../scripts/electron-binary.js';
import { electronSqliteBinding } from '../../scripts/electron-sqlite.js';
import { EVERYTHING } from '../helpers/mcp-servers';
import { packagedLayout } from './packaged-layout';

const REPO = process.cwd();
const found = installedElectron();
const noDisplay = process.platform === 'linux' && !process.env.DISPLAY;
const sqlite: { binding?: string; reason?: string } = found.binary && !noDisplay ? await electronSqliteBinding(REPO, { log: (line) => console.log(line) }) : {};
const skipReason = !found.binary ? (found.reason ?? 'unknown') : noDisplay ? 'no X display (run under xvfb-run)' : (sqlite.reason ?? '');
if (skipReason) console.log(`[electron smoke] skipped: ${skipReason}. The same UI is tested in Chromium against echelon serve.`);

/** Chromium's sandbox refuses to run as root (CI containers). */
const sandboxArgs = process.getuid?.() === 0 ? ['--no-sandbox'] : [];

interface GatewayEntry {
  command: string;
  args: string[];
  env?: Record<string, string>;
}

function invoke(window: Page, method: string, input: unknown): Promise<unknown> {
  return window.evaluate(([name, payload]) => (globalThis as unknown as { echelon: { invoke(m: string, i: unknown): Promise<unknown> } }).echelon.invoke(name, payload), [method, input] as const);
}

async function exportedEntry(window: Page): Promise<GatewayEntry> {
  const exported = (await invoke(window, 'mcp.export', { entryName: 'echelon' })) as { data: { config: { mcpServers: { echelon: GatewayEntry } } } };
  return exported.data.config.mcpServers.echelon;
}

/** Launches the entry as Claude Desktop would, and returns the tool names its MCP server lists once `expected` is among them. */
async function toolsThroughEntry(entry: GatewayEntry, expected: string): Promise<string[]> {
  const client = new Client({ name: 'claude-desktop-stand-in', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command: entry.command, args: [...entry.args, ...sandboxArgs], env: { ...(process.env as Record<string, string>), ...entry.env }, stderr: 'inherit' }));
  try {
    let names: string[] = [];
    await expect.poll(async () => (names = (await client.listTools()).tools.map((tool) => tool.name)).includes(expected), { timeout: 30_000 }).toBe(true);
    return names;
  } finally {
    await client.close();
  }
}

const devToolsOpened = (app: ElectronApplication) =>
  app.evaluate(({ BrowserWindow }) => {
    const contents = BrowserWindow.getAllWindows()[0]!.webContents;
    contents.openDevTools({ mode: 'detach' });
    return contents.isDevToolsOpened();
  });

async function navigationIsRefused(window: Page): Promise<void> {
  const before = window.url();
  await window.evaluate(() => {
    (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/';
  });
  await window.waitForTimeout(500);
  expect(window.url()).toBe(before);
  expect(await window.evaluate(() => (globalThis as unknown as { open(url: string): unknown }).open('https://example.com/') === null)).toBe(true);
}

test.describe('desktop app', () => {
  test.skip(Boolean(skipReason), `Electron smoke test skipped: ${skipReason}`);

  test('opens the dashboard with Electron security settings and guards, and serves AI clients through --mcp-stdio', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'echelon-electron-'));
    const app = await electron.launch({
      executablePath: found.binary,
      args: ['.', '--data-dir', dataDir, ...sandboxArgs],
      env: { ...process.env, ELECTRON_RENDERER_URL: '', ECHELON_SQLITE_BINDING: sqlite.binding ?? '' },
    });
    try {
      const window = await app.firstWindow();
      await expect(window.locator('[data-app-state="loaded"]')).toBeVisible();
      // No Node in the page: only the bridge the preload exposed.
      const page = await window.evaluate(() => {
        const global = globalThis as Record<string, unknown>;
        return { require: typeof global.require, process: typeof global.process, invoke: typeof (global.echelon as { invoke?: unknown })?.invoke };
      });
      expect(page).toEqual({ require: 'undefined', process: 'undefined', invoke: 'function' });
      expect(await invoke(window, 'preferences.update', { theme: 3 })).toMatchObject({ ok: false, error: { code: 'invalid_input', path: 'theme' } });
      await navigationIsRefused(window);
      expect(app.windows()).toHaveLength(1);

      // The CLI and AI clients find the running app, and lose it once it quits.
      const discovery = path.join(dataDir, 'serve.json');
      await expect.poll(() => fs.existsSync(discovery)).toBe(true);
      expect(JSON.parse(fs.readFileSync(discovery, 'utf8'))).toMatchObject({ gateway: { url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/) } });
      expect(await invoke(window, 'mcp.servers.add', { definition: { name: 'everything', transport: { type: 'stdio', command: process.execPath, args: [EVERYTHING] } } })).toMatchObject({ ok: true });
      expect(await invoke(window, 'mcp.servers.start', { name: 'everything' })).toMatchObject({ ok: true, data: { runtime: { status: 'running' } } });

      // The entry the app exports for Claude Desktop is the app itself with --mcp-stdio, never Electron run as Node.
      const entry = await exportedEntry(window);
      const appPath = await app.evaluate(({ app: electronApp }) => electronApp.getAppPath());
      expect(entry).toEqual({ command: fs.realpathSync(found.binary!), args: [appPath, '--mcp-stdio', '--data-dir', dataDir], env: { ECHELON_SQLITE_BINDING: sqlite.binding } });
      // While the app runs, the entry relays to its gateway: the app's running server answers.
      expect(await toolsThroughEntry(entry, 'everything__echo')).toContain('everything__echo');

      // DevTools open in a development launch (the packaged-mode test proves they do not there).
      await expect.poll(() => devToolsOpened(app)).toBe(true);
      await app.close();
      expect(fs.existsSync(discovery)).toBe(false);
      // With the app closed, the entry opens the data dir itself and starts its servers.
      expect(await toolsThroughEntry(entry, 'everything__echo')).toContain('everything__echo');
    } finally {
      await app.close().catch(() => {});
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('a packaged-mode launch ignores development switches, keeps DevTools closed, and its copy buttons work', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'echelon-electron-'));
    const appDir = packagedLayout(REPO, sqlite.binding!);
    const app = await electron.launch({
      executablePath: found.binary,
      args: [appDir, '--as-packaged', '--data-dir', dataDir, ...sandboxArgs],
      // Both would be honoured in development; a packaged app must ignore them.
      env: { ...process.env, ELECTRON_RENDERER_URL: 'https://example.com/', ECHELON_SQLITE_BINDING: path.join(dataDir, 'not-a-driver.node') },
    });
    try {
      const window = await app.firstWindow();
      await expect(window.locator('[data-app-state="loaded"]')).toBeVisible();
      expect(new URL(window.url()).origin).toBe('app://echelon');

      expect(await devToolsOpened(app)).toBe(false);
      await window.waitForTimeout(500);
      expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.webContents.isDevToolsOpened())).toBe(false);
      const menuRoles = await app.evaluate(({ Menu }) => (Menu.getApplicationMenu()?.items ?? []).flatMap((item) => (item.submenu?.items ?? []).map((sub) => String(sub.role ?? '').toLowerCase())));
      expect(menuRoles).toContain('reload');
      expect(menuRoles).not.toContain('toggledevtools');

      await navigationIsRefused(window);

      // The copy button of the gateway card writes the command to the system clipboard.
      await window.getByTestId('nav-mcp').click();
      const command = await window.getByTestId('gateway-card').locator('.command-line code').textContent();
      expect(command).toContain('--mcp-stdio');
      await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.focus());
      await window.getByTestId('gateway-card').getByRole('button', { name: 'Copy command' }).click();
      await expect(window.getByText('Copied to the clipboard')).toBeVisible();
      expect(await app.evaluate(({ clipboard }) => clipboard.readText())).toBe(command);

      const log = fs.readFileSync(path.join(dataDir, 'logs', 'echelon.log'), 'utf8');
      expect(log).toContain('A packaged Echelon ignores development settings');
      expect(log).toContain('ELECTRON_RENDERER_URL');
      expect(log).toContain('ECHELON_SQLITE_BINDING');
    } finally {
      await app.close().catch(() => {});
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.rmSync(appDir, { recursive: true, force: true });
    }
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { _electron as electron, expect, test } from '@playwright/test';
import { installedElectron } from '../../scripts/electron-binary.js';
import { electronSqliteBinding } from '../../scripts/electron-sqlite.js';

const found = installedElectron();
const noDisplay = process.platform === 'linux' && !process.env.DISPLAY;
const sqlite = found.binary && !noDisplay ? electronSqliteBinding(process.cwd()) : {};
const skipReason = !found.binary ? (found.reason ?? 'unknown') : noDisplay ? 'no X display (run under xvfb-run)' : (sqlite.reason ?? '');
if (skipReason) console.log(`[electron smoke] skipped: ${skipReason}. The same UI is tested in Chromium against echelon serve.`);

test.describe('desktop app', () => {
  test.skip(Boolean(skipReason), `Electron smoke test skipped: ${skipReason}`);

  test('opens the dashboard with Electron security settings and guards', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'echelon-electron-'));
    const app = await electron.launch({
      executablePath: found.binary,
      args: ['.', '--data-dir', dataDir, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
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
      const status = await window.evaluate(() => (globalThis as unknown as { echelon: { invoke(m: string, i: unknown): Promise<unknown> } }).echelon.invoke('preferences.update', { theme: 3 }));
      expect(status).toMatchObject({ ok: false, error: { code: 'invalid_input', path: 'theme' } });
      // Links and scripts never replace the app's page, and never open new windows.
      const before = window.url();
      await window.evaluate(() => {
        (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/';
      });
      await window.waitForTimeout(500);
      expect(window.url()).toBe(before);
      expect(await window.evaluate(() => (globalThis as unknown as { open(url: string): unknown }).open('https://example.com/') === null)).toBe(true);
      expect(app.windows()).toHaveLength(1);
      // The CLI and `echelon mcp gateway` find the running app, and lose it once it quits.
      const discovery = path.join(dataDir, 'serve.json');
      await expect.poll(() => fs.existsSync(discovery)).toBe(true);
      expect(JSON.parse(fs.readFileSync(discovery, 'utf8'))).toMatchObject({ gateway: { url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/) } });
      // The gateway entry the app exports for Claude Desktop runs the app itself as Node, and reaches it.
      const exported = await window.evaluate(() =>
        (globalThis as unknown as { echelon: { invoke(m: string, i: unknown): Promise<unknown> } }).echelon.invoke('mcp.export', { entryName: 'echelon' }),
      );
      const entry = (exported as { data: { config: { mcpServers: { echelon: { command: string; args: string[]; env: Record<string, string> } } } } }).data.config.mcpServers.echelon;
      expect(entry.env.ELECTRON_RUN_AS_NODE).toBe('1');
      const client = new Client({ name: 'claude-desktop-stand-in', version: '1.0.0' });
      await client.connect(new StdioClientTransport({ command: entry.command, args: entry.args, env: { ...(process.env as Record<string, string>), ...entry.env }, stderr: 'inherit' }));
      expect((await client.listTools()).tools).toEqual([]);
      await client.close();
      await app.close();
      expect(fs.existsSync(discovery)).toBe(false);
    } finally {
      await app.close().catch(() => {});
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

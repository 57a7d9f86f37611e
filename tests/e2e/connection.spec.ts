import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect } from '@playwright/test';
import { startServe } from '../helpers/cli';
import { freePort } from '../helpers/free-port';

base('the status bar shows a lost connection and recovers when the server is back', async ({ page }) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'echelon-e2e-conn-'));
  const port = await freePort();
  const env = { ECHELON_SERVE_TOKEN: 'fixed-token-for-the-reconnect-test-0123456789' };
  let serve = await startServe(dataDir, ['--port', String(port)], env);
  try {
    await page.goto(serve.url);
    const state = page.getByTestId('connection-state');
    await expect(state).toHaveAttribute('data-state', 'connected');
    await serve.stop();
    await expect(state).toHaveAttribute('data-state', 'reconnecting');
    await expect(state).toContainText('reconnecting');
    serve = await startServe(dataDir, ['--port', String(port)], env);
    await expect(state).toHaveAttribute('data-state', 'connected', { timeout: 15_000 });
    await expect(page.locator('[data-app-state="loaded"]')).toBeVisible();
  } finally {
    await serve.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

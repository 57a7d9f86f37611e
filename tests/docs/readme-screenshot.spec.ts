import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { REPO, runCli, startServe } from '../helpers/cli';

/**
 * Regenerates docs/screenshot.png, the README's picture: the README's own example workflow on
 * the canvas. Run on demand (`npm run docs:screenshot`), not by `npm test`. The status bar,
 * which shows this throwaway data dir's path, is left out of the picture.
 */
test('the README screenshot: its example workflow on the canvas', async ({ page }) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'echelon-docs-'));
  const example = /## Workflow files[\s\S]*?```json\n([\s\S]+?)\n```/.exec(fs.readFileSync(path.join(REPO, 'README.md'), 'utf8'))![1]!;
  fs.writeFileSync(path.join(dataDir, 'hello.json'), example);
  expect(runCli(['--data-dir', dataDir, 'workflow', 'run', path.join(dataDir, 'hello.json'), '--input', '{"name":"Ada"}']).status).toBe(0);
  const server = await startServe(dataDir);
  try {
    await page.goto(server.url);
    await page.getByTestId('nav-workflows').click();
    await page.getByTestId('workflow-row').filter({ hasText: 'Hello' }).getByTestId('open-canvas').click();
    await page.getByTestId('canvas-node-Greet').click();
    await expect(page.getByTestId('node-inspector')).toBeVisible();
    // With the inspector open the canvas is narrower: fit the whole workflow in it again.
    await page.locator('.react-flow__controls-fitview').click();
    await expect(page.getByTestId('canvas-node-Shout')).toBeInViewport();
    const viewport = page.viewportSize()!;
    const statusBar = await page.getByTestId('status-bar').boundingBox();
    await page.screenshot({ path: path.join(REPO, 'docs', 'screenshot.png'), clip: { x: 0, y: 0, width: viewport.width, height: statusBar ? statusBar.y : viewport.height } });
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

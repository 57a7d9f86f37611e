import type { Page } from '@playwright/test';
import { layeredWorkflow } from '../../bench/canvas-fixtures';
import { waitUntil, type ApiClient } from '../helpers/api';
import { startOwnServer, stopOwnServer, type OwnServer } from './own-server';
import { expect, inPage, onScreen, screenshotAll, test } from './fixtures';

// Its own server: big workflows and runs shown on the canvas.
let server: OwnServer;
let api: ApiClient;

test.beforeAll(async () => {
  server = await startOwnServer('canvas');
  api = server.api;
});
test.afterAll(() => stopOwnServer(server));

const node = (name: string, type: string, parameters: Record<string, unknown> = {}, x = 0) => ({ id: name.replace(/\W+/g, '-'), type, typeVersion: '1.0.0', name, position: { x, y: 0 }, parameters: parameters as never });
const chain = (name: string, nodes: ReturnType<typeof node>[]) => ({
  schemaVersion: 1 as const,
  name,
  nodes,
  edges: nodes.slice(1).map((to, i) => ({ from: { node: nodes[i]!.id, output: 'main' }, to: { node: to.id, input: 'main' } })),
});

async function openWorkflow(page: Page, id: string, suffix = ''): Promise<void> {
  await page.goto(`${server.url}#/workflows/${id}${suffix}`);
  await expect(page.locator('[data-app-state="loaded"]')).toBeVisible({ timeout: 20_000 });
  // A thousand-node document takes a moment on a loaded machine (the bench times it).
  await expect(page.getByTestId('workflow-editor')).toBeVisible({ timeout: 20_000 });
}

const zoomOf = (page: Page) => page.locator('.react-flow__viewport').evaluate(inPage<number>('return new DOMMatrix(getComputedStyle(element).transform).a'));

test('a thousand-node workflow opens fitted with its trigger in view, drawn plainly until zoomed in', async ({ page, pageErrors }) => {
  // Drawing a thousand nodes four times over for the screenshots is slow on a loaded machine.
  test.setTimeout(180_000);
  const { id } = await api.call('workflows.save', { document: layeredWorkflow(1000) });
  await openWorkflow(page, id);
  await expect(page.locator('.react-flow__node').first()).toBeVisible({ timeout: 20_000 });
  const zoom = await zoomOf(page);
  expect(zoom).toBeLessThan(0.2);
  expect(zoom).toBeGreaterThanOrEqual(0.02);
  expect(await onScreen(page, 'canvas-node-Start')).toBe(true);
  expect(await onScreen(page, 'canvas-node-Step 100.9')).toBe(true);
  await expect(page.getByTestId('workflow-canvas')).toHaveAttribute('data-low-detail', 'true');
  await screenshotAll(page, 'canvas-1000-nodes');
  // Finding a node zooms in on it: names and details come back.
  await page.keyboard.press('/');
  await page.getByTestId('node-search-input').fill('Step 50.3');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('canvas-node-Step 50.3')).toHaveClass(/selected/);
  await expect(page.getByTestId('workflow-canvas')).toHaveAttribute('data-low-detail', 'false');
  await expect.poll(() => onScreen(page, 'canvas-node-Step 50.3')).toBe(true);
  // Only what is on screen is mounted at this zoom.
  expect(await page.locator('.react-flow__node').count()).toBeLessThan(200);
  expect(pageErrors).toEqual([]);
});

test('a small workflow opens readable: names at 12 px or more, subtitles in words', async ({ page }) => {
  const { id } = await api.call('workflows.save', {
    document: chain('Six steps', [
      node('Start', 'manual.trigger'),
      node('Fetch orders', 'http-request.send', { url: 'https://example.com' }, 290),
      node('Check', 'if.check', {}, 580),
      node('Shape', 'transform.edit', { fields: [] }, 870),
      node('Wait a bit', 'delay.wait', { amount: 1, unit: 'seconds' }, 1160),
      node('Done', 'no-op.pass', {}, 1450),
    ]),
  });
  await openWorkflow(page, id);
  const zoom = await zoomOf(page);
  const fontPx = Number.parseFloat(await page.getByTestId('canvas-node-Start').locator('.flow-node-name').evaluate(inPage<string>('return getComputedStyle(element).fontSize')));
  expect(fontPx * zoom).toBeGreaterThanOrEqual(11.9);
  expect(await onScreen(page, 'canvas-node-Start')).toBe(true);
  for (const name of ['Start', 'Fetch orders', 'Check', 'Shape', 'Wait a bit', 'Done']) {
    const subtitle = await page.getByTestId(`canvas-node-${name}`).locator('.flow-node-type').textContent();
    expect(subtitle).not.toMatch(/\w\.\w/);
    expect(subtitle).not.toBe(name);
  }
  await expect(page.getByTestId('canvas-node-Fetch orders').locator('.flow-node-type')).toHaveText(/HTTP/i);
  await screenshotAll(page, 'canvas-readable');
});

test('a run on the canvas: statuses, items on each connection, a step\'s data, pinning and running from a step', async ({ page, pageErrors }) => {
  const { id } = await api.call('workflows.save', {
    document: chain('Orders run', [
      node('Start', 'manual.trigger'),
      node('Fetch', 'code.run', { code: 'return [1, 2, 3].map((n) => ({ n }));' }, 290),
      node('Post', 'code.run', { code: 'throw new Error("the shop is closed")' }, 580),
    ]),
  });
  const run = await api.call('workflows.run', { id, wait: true });
  await page.goto(`${server.url}#/executions/${run.executionId}`);
  await page.getByTestId('open-on-canvas').click();
  await expect(page.getByTestId('workflow-editor')).toHaveAttribute('data-mode', 'execution');
  await expect(page.getByTestId('execution-banner')).toContainText(`Run #${run.executionId}`);
  await expect(page.getByTestId('canvas-node-Fetch')).toHaveAttribute('data-state', 'succeeded');
  await expect(page.getByTestId('canvas-node-Post')).toHaveAttribute('data-state', 'failed');
  await expect(page.locator('.react-flow__edge-text').filter({ hasText: '3 items' })).toBeVisible();

  await page.getByTestId('canvas-node-Post').click();
  const panel = page.getByTestId('step-panel');
  await expect(panel.getByTestId('step-panel-error')).toContainText('the shop is closed');
  await expect(panel.getByTestId('step-input')).toContainText('"n": 3');
  await screenshotAll(page, 'canvas-execution');

  // Run again from the failed step: Fetch is replayed, not run again.
  await panel.getByTestId('run-from-here').click();
  await expect(page.getByTestId('execution-banner')).not.toContainText(`Run #${run.executionId} `);
  const again = Number(/execution\/(\d+)/.exec(page.url())![1]);
  expect(again).toBeGreaterThan(run.executionId);
  const detail = await waitUntil(async () => {
    const found = await api.call('executions.get', { id: again });
    return ['failed', 'succeeded'].includes(found.status) ? found : undefined;
  });
  expect(detail.trigger).toBe('retry');
  expect(detail.steps.find((step) => step.nodeId === 'Fetch')!.startedAt).toBe((await api.call('executions.get', { id: run.executionId })).steps.find((step) => step.nodeId === 'Fetch')!.startedAt);

  // Pin Fetch's output: later runs by hand use it instead of running Fetch.
  await page.getByTestId('canvas-node-Fetch').click();
  await panel.getByTestId('pin-output').click();
  await expect(page.getByTestId('canvas-node-Fetch').locator('.flow-node-pin')).toBeVisible();
  await page.getByTestId('exit-execution').click();
  await expect(page.getByTestId('workflow-editor')).toHaveAttribute('data-mode', 'edit');
  await page.getByTestId('run-workflow').click();
  await expect(page.getByTestId('toast').filter({ hasText: /Run #\d+ (succeeded|failed)/ })).toBeVisible();
  const latest = (await api.call('executions.list', { workflowId: id, limit: 1 })).items[0]!;
  const pinnedRun = await api.call('executions.get', { id: latest.id });
  expect(pinnedRun.steps.find((step) => step.nodeId === 'Fetch')!.logs).toEqual(['Output pinned: the node did not run.']);
  expect(pageErrors).toEqual([]);
});

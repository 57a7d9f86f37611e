import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { connectApi, waitUntil, type ApiClient } from '../helpers/api';
import { startServe, type ServeProcess } from '../helpers/cli';
import { expect, screenshot, test } from './fixtures';

// Its own server and data dir: these tests fill the Workflows and Executions pages with runs.
let server: ServeProcess & { dataDir: string };
let api: ApiClient;

test.beforeAll(async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'echelon-e2e-engine-'));
  server = Object.assign(await startServe(dataDir), { dataDir });
  api = await connectApi(server);
});

test.afterAll(async () => {
  api.close();
  await server.stop();
  fs.rmSync(server.dataDir, { recursive: true, force: true });
});

const n8nExport = fs.readFileSync(path.join(import.meta.dirname, '../fixtures/n8n/unsupported.json'), 'utf8');

const node = (id: string, type: string, parameters: Record<string, unknown> = {}, x = 0) => ({ id, type, typeVersion: '1.0.0', name: id, position: { x, y: 0 }, parameters: parameters as never });
const chain = (name: string, nodes: ReturnType<typeof node>[]) => ({
  schemaVersion: 1 as const,
  name,
  nodes,
  edges: nodes.slice(1).map((to, i) => ({ from: { node: nodes[i]!.id, output: 'main' }, to: { node: to.id, input: 'main' } })),
});

async function open(page: Page, hash: string): Promise<void> {
  await page.goto(`${server.url}#/${hash}`);
  await expect(page.locator('[data-app-state="loaded"]')).toBeVisible();
}

test('workflows: import an n8n export with unsupported nodes, run, export, open, delete', async ({ page, pageErrors }) => {
  await api.call('workflows.save', {
    document: chain('Greet people', [
      node('Start', 'manual.trigger'),
      node('Shape', 'code.run', { code: 'console.log("shaping"); return [{ greeting: "Hello" }, { greeting: "Hej" }];' }, 200),
      node('Done', 'no-op.pass', {}, 400),
    ]),
  });
  await open(page, 'workflows');
  await expect(page.getByTestId('workflow-row')).toHaveCount(1);

  await page.getByTestId('import-workflow').first().click();
  await page.getByTestId('import-text').fill(n8nExport);
  await page.getByTestId('import-submit').click();
  await expect(page.getByTestId('import-unsupported')).toContainText('Slack');
  await expect(page.getByTestId('import-unsupported')).toContainText('n8n-nodes-base.discord');
  await page.getByTestId('import-done').click();
  await expect(page.getByTestId('workflow-row')).toHaveCount(2);
  const slack = page.getByTestId('workflow-row').filter({ hasText: 'Post to Slack' });
  await expect(slack.getByTestId('unsupported-badge')).toBeVisible();
  await expect(slack.getByTestId('run-workflow')).toBeDisabled();

  const greet = page.getByTestId('workflow-row').filter({ hasText: 'Greet people' });
  await greet.getByTestId('run-workflow').click();
  await expect(page.getByTestId('toast').filter({ hasText: 'Started execution' })).toBeVisible();
  await expect(greet.getByTestId('status-badge')).toHaveAttribute('data-status', 'succeeded');

  const downloadPromise = page.waitForEvent('download');
  await greet.getByTestId('export-workflow').click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe('greet-people.echelon.json');

  await slack.getByTestId('open-canvas').click();
  await expect(page.getByTestId('workflow-editor')).toBeVisible();
  // The unsupported n8n node is on the canvas, and the problems say why the workflow cannot run.
  await expect(page.getByTestId('problems-panel')).toContainText('has no Echelon equivalent');
  await screenshot(page, 'light-workflow-open');
  await page.getByTestId('back-to-workflows').click();

  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await screenshot(page, `${theme}-workflows-list`);
  }
  await page.emulateMedia({ colorScheme: 'light' });

  await slack.getByTestId('delete-workflow').click();
  await slack.getByTestId('confirm-delete').click();
  await expect(page.getByTestId('workflow-row')).toHaveCount(1);
  expect(pageErrors).toEqual([]);
});

test('executions: live list, status filter, step timeline, cancel, dead letter retry and discard, metrics', async ({ page, pageErrors }) => {
  const ok = await api.call('workflows.save', {
    document: chain('Nightly report', [
      node('Start', 'manual.trigger'),
      node('Build', 'code.run', { code: 'console.log("rows", 3); return [1, 2, 3].map((n) => ({ n, square: n * n }));' }, 200),
      node('Label', 'transform.edit', { fields: [{ name: 'label', value: 'row {{ $json.n }}' }] }, 400),
    ]),
  });
  const failing = await api.call('workflows.save', { document: chain('Flaky import', [node('Start', 'manual.trigger'), node('Explode', 'code.run', { code: 'throw new Error("upstream refused the batch")' }, 200)]) });
  const slow = await api.call('workflows.save', { document: chain('Waits an hour', [node('Start', 'manual.trigger'), node('Wait', 'delay.wait', { amount: 1, unit: 'hours' }, 200)]) });

  await open(page, 'executions');
  const first = await api.call('workflows.run', { id: ok.id, wait: true });
  // Live: the new run shows up without a reload.
  await expect(page.locator(`[data-testid="execution-row"][data-id="${first.executionId}"]`)).toHaveAttribute('data-status', 'succeeded');
  const bad = await api.call('workflows.run', { id: failing.id, wait: true });
  const waiting = await api.call('workflows.run', { id: slow.id });
  await expect(page.locator(`[data-testid="execution-row"][data-id="${waiting.executionId}"]`)).toHaveAttribute('data-status', 'waiting');

  await page.getByTestId('status-filter').selectOption('failed');
  await expect(page.getByTestId('execution-row')).toHaveCount(1);
  await page.getByTestId('status-filter').selectOption('');

  await page.locator(`[data-testid="execution-row"][data-id="${first.executionId}"]`).click();
  const detail = page.getByTestId('execution-detail');
  await expect(detail.getByTestId('step-row')).toHaveCount(3);
  await detail.locator('[data-testid="step-row"][data-node="Build"] button.step-head').click();
  await expect(detail.getByTestId('step-logs')).toContainText('rows 3');
  await expect(detail.getByTestId('payload-output').first()).toContainText('"square": 9');
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await screenshot(page, `${theme}-executions-detail`);
  }
  await page.emulateMedia({ colorScheme: 'light' });

  await page.locator(`[data-testid="execution-row"][data-id="${waiting.executionId}"]`).click();
  await detail.getByTestId('cancel-execution').click();
  await expect(page.locator(`[data-testid="execution-row"][data-id="${waiting.executionId}"]`)).toHaveAttribute('data-status', 'cancelled');

  await page.getByTestId('view-dead-letter').click();
  const dead = page.locator(`[data-testid="execution-row"][data-id="${bad.executionId}"]`);
  await expect(dead).toBeVisible();
  await dead.click();
  await expect(detail.getByTestId('execution-error')).toContainText('upstream refused the batch');
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await screenshot(page, `${theme}-executions-dead-letter`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await detail.getByTestId('retry-execution').click();
  await waitUntil(async () => ((await api.call('executions.get', { id: bad.executionId })).status === 'failed' && (await api.call('executions.get', { id: bad.executionId })).steps.some((step) => step.attempt === 2) ? true : undefined), 10_000, 'the retried run to fail again');
  await expect(dead).toBeVisible();
  await detail.getByTestId('discard-execution').click();
  await expect(page.getByTestId('no-executions')).toBeVisible();

  await expect(page.getByTestId('metric-runs')).toContainText(/[1-9]/);
  await expect(page.getByTestId('metrics-workflows')).toContainText('Nightly report');
  await expect(page.getByTestId('metrics-node-types')).toContainText('code.run');
  expect(pageErrors).toEqual([]);
});

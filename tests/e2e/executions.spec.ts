import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { waitUntil, type ApiClient } from '../helpers/api';
import { startOwnServer, stopOwnServer, type OwnServer } from './own-server';
import { expect, inPage, screenshot, screenshotAll, test } from './fixtures';

// Its own server and data dir: these tests fill the Workflows and Executions pages with runs.
let server: OwnServer;
let api: ApiClient;

test.beforeAll(async () => {
  server = await startOwnServer('engine');
  api = server.api;
});
test.afterAll(() => stopOwnServer(server));

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
  await expect(page.getByTestId('import-unsupported')).toContainText('n8n-nodes-base.mattermost');
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

test('executions: live list, filters, step timeline beside the list, cancel, dead letter retry and discard, statistics', async ({ page, pageErrors }) => {
  // Screenshots of four states in two themes at two sizes take a while on a loaded machine.
  test.setTimeout(180_000);
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
  const first = await api.call('workflows.run', { id: ok.id, wait: true, input: { region: 'eu' } });
  // Live: the new run shows up without a reload.
  await expect(page.locator(`[data-testid="execution-row"][data-id="${first.executionId}"]`)).toHaveAttribute('data-status', 'succeeded');
  const bad = await api.call('workflows.run', { id: failing.id, wait: true });
  const waiting = await api.call('workflows.run', { id: slow.id });
  await expect(page.locator(`[data-testid="execution-row"][data-id="${waiting.executionId}"]`)).toHaveAttribute('data-status', 'waiting');

  await page.getByTestId('status-filter').selectOption('failed');
  await expect(page.getByTestId('execution-row')).toHaveCount(1);
  await page.getByTestId('clear-filters').click();
  await page.getByTestId('workflow-filter').selectOption({ label: 'Nightly report' });
  await expect(page.getByTestId('execution-row')).toHaveCount(1);
  await page.getByTestId('clear-filters').click();
  await page.getByTestId('execution-search').fill('refused');
  await expect(page.getByTestId('execution-row')).toHaveCount(1);
  await expect(page.getByTestId('execution-row')).toHaveAttribute('data-id', String(bad.executionId));
  await page.getByTestId('execution-search').fill(`#${waiting.executionId}`);
  await expect(page.getByTestId('execution-row')).toHaveAttribute('data-id', String(waiting.executionId));
  await page.getByTestId('execution-search').fill('');
  await page.getByTestId('trigger-filter').selectOption('webhook');
  await expect(page.getByTestId('no-executions')).toBeVisible();
  await page.getByTestId('trigger-filter').selectOption('');
  // The unfiltered list is back (every run of this test listed) before its count is read.
  for (const run of [first, bad, waiting]) await expect(page.locator(`[data-testid="execution-row"][data-id="${run.executionId}"]`)).toBeVisible();
  const everything = await page.getByTestId('execution-count').textContent();
  await page.getByTestId('period-filter').selectOption('1h');
  // Every run here started within the hour.
  await expect(page.getByTestId('execution-count')).toHaveText(everything!);
  await expect(page.locator(`[data-testid="execution-row"][data-id="${first.executionId}"]`)).toBeVisible();
  await page.getByTestId('period-filter').selectOption('any');

  // Sorting by workflow name, both ways.
  await page.getByTestId('sort-workflow').click();
  await expect(page.getByTestId('execution-row').first()).toContainText('Waits an hour');
  await page.getByTestId('sort-workflow').click();
  await expect(page.getByTestId('execution-row').first()).toContainText('Flaky import');
  await page.getByTestId('sort-id').click();

  await page.locator(`[data-testid="execution-row"][data-id="${first.executionId}"]`).click();
  const detail = page.getByTestId('execution-detail');
  await expect(detail.getByTestId('step-row')).toHaveCount(3);
  // The run opens beside the list, its top on screen.
  const listBox = (await page.getByTestId('execution-list').boundingBox())!;
  const detailBox = (await detail.boundingBox())!;
  expect(detailBox.x).toBeGreaterThan(listBox.x + listBox.width - 1);
  expect(detailBox.y).toBeLessThan(page.viewportSize()!.height / 2);
  // What started it and what it produced, by those names.
  await expect(detail.getByTestId('payload-trigger')).toContainText('"region": "eu"');
  await expect(detail.getByTestId('payload-result')).toContainText('Output');
  await expect(detail.getByTestId('payload-result')).toContainText('row 3');
  await detail.locator('[data-testid="step-row"][data-node="Build"] button.step-head').click();
  await expect(detail.getByTestId('step-logs')).toContainText('rows 3');
  await expect(detail.getByTestId('payload-output').first()).toContainText('"square": 9');
  // The address names the run: a reload keeps it open.
  await page.reload();
  await expect(page.getByTestId('execution-detail')).toContainText(`Execution ${first.executionId}`);
  await screenshotAll(page, 'executions-detail');

  // Arrow keys move through the list and open each run.
  await page.locator(`[data-testid="execution-row"][data-id="${first.executionId}"]`).focus();
  await page.keyboard.press('ArrowUp');
  await expect(detail).toContainText(`Execution ${bad.executionId}`);
  // The focused row's ring is drawn inside it, so the list's edges never clip it.
  expect(await page.evaluate(inPage<string>('return getComputedStyle(document.activeElement).outlineOffset'))).toBe('-2px');

  await page.locator(`[data-testid="execution-row"][data-id="${waiting.executionId}"]`).click();
  await detail.getByTestId('cancel-execution').click();
  await expect(page.locator(`[data-testid="execution-row"][data-id="${waiting.executionId}"]`)).toHaveAttribute('data-status', 'cancelled');

  await page.getByTestId('view-dead-letter').click();
  const dead = page.locator(`[data-testid="execution-row"][data-id="${bad.executionId}"]`);
  await expect(dead).toBeVisible();
  await dead.click();
  // A failed run says first where it failed and why, with that step open.
  await expect(detail.getByTestId('execution-error')).toContainText('Failed at “Explode”');
  await expect(detail.getByTestId('execution-error')).toContainText('upstream refused the batch');
  await expect(detail.locator('[data-testid="step-row"][data-node="Explode"]')).toHaveAttribute('data-open', 'true');
  await screenshotAll(page, 'executions-dead-letter');
  await detail.getByTestId('retry-execution').click();
  await waitUntil(async () => ((await api.call('executions.get', { id: bad.executionId })).status === 'failed' && (await api.call('executions.get', { id: bad.executionId })).steps.some((step) => step.attempt === 2) ? true : undefined), 10_000, 'the retried run to fail again');
  await expect(dead).toBeVisible();
  await detail.getByTestId('discard-execution').click();
  await expect(page.getByTestId('no-executions')).toBeVisible();

  await page.getByTestId('view-statistics').click();
  await expect(page.getByTestId('metric-runs')).toContainText(/[1-9]/);
  await expect(page.getByTestId('metrics-workflows')).toContainText('Nightly report');
  await expect(page.getByTestId('metrics-node-types')).toContainText('code.run');
  await expect(page.getByTestId('rate-legend')).toContainText('green from 99%');
  // A figure never wraps onto a second line.
  const cell = page.getByTestId('metrics-node-types').locator('td.num').first();
  expect(await cell.evaluate(inPage<string>('return getComputedStyle(element).whiteSpace'))).toBe('nowrap');
  await screenshotAll(page, 'executions-statistics');
  expect(pageErrors).toEqual([]);
});

test('executions: every run is reachable in a long list, which only draws what is on screen', async ({ page }) => {
  const bulk = await api.call('workflows.save', { document: chain('Bulk sync', [node('Start', 'manual.trigger'), node('Pass', 'no-op.pass', {}, 200)]) });
  const ids: number[] = [];
  for (let i = 0; i < 260; i++) ids.push((await api.call('workflows.run', { id: bulk.id })).executionId);
  await waitUntil(async () => ((await api.call('executions.get', { id: ids.at(-1)! })).status === 'succeeded' ? true : undefined), 30_000, 'the runs to finish');
  await open(page, 'executions');
  await page.getByTestId('workflow-filter').selectOption({ label: 'Bulk sync' });
  await expect(page.getByTestId('execution-count')).toHaveText('260 executions');
  expect(await page.getByTestId('execution-row').count()).toBeLessThan(60);
  await page.locator('.exec-scroll').evaluate(inPage('element.scrollTo({ top: element.scrollHeight })'));
  await expect(page.locator(`[data-testid="execution-row"][data-id="${ids[0]}"]`)).toBeVisible();
  await page.getByTestId('sort-id').click();
  await page.locator('.exec-scroll').evaluate(inPage('element.scrollTo({ top: 0 })'));
  await expect(page.getByTestId('execution-row').first()).toHaveAttribute('data-id', String(ids[0]));
  await screenshotAll(page, 'executions-list');
});

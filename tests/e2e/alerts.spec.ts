import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { waitUntil, type ApiClient } from '../helpers/api';
import { REPO } from '../helpers/cli';
import { startOwnServer, stopOwnServer, type OwnServer } from './own-server';
import { expect, screenshot, test } from './fixtures';

// Its own server: these tests fill the Alerts and Logs pages with real failing runs.
let server: OwnServer;
let api: ApiClient;

test.beforeAll(async () => {
  server = await startOwnServer('alerts');
  api = server.api;
});
test.afterAll(() => stopOwnServer(server));

const node = (id: string, type: string, parameters: Record<string, unknown> = {}, x = 0) => ({ id, type, typeVersion: '1.0.0', name: id, position: { x, y: 0 }, parameters: parameters as never });
const FLAKY = {
  schemaVersion: 1 as const,
  name: 'Invoice sync',
  nodes: [node('start', 'manual.trigger'), node('Sync', 'code.run', { code: 'if ($input.first().json.fail) throw new Error("the billing API refused the sync"); return $input.all();' }, 200)],
  edges: [{ from: { node: 'start', output: 'main' }, to: { node: 'Sync', input: 'main' } }],
};

async function open(page: Page, hash: string): Promise<void> {
  await page.goto(`${server.url}#/${hash}`);
  await expect(page.locator('[data-app-state="loaded"]')).toBeVisible();
}

async function bothThemes(page: Page, name: string): Promise<void> {
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await screenshot(page, `${theme}-${name}`);
  }
}

test('an empty inbox says what will land there; the shipped rules and the desktop channel are listed', async ({ page, pageErrors }) => {
  await open(page, 'alerts');
  await expect(page.getByTestId('empty-state')).toContainText('No alert so far');
  await bothThemes(page, 'alerts-empty');
  await page.getByTestId('alerts-tab-rules').click();
  await expect(page.getByTestId('rule-Workflow failing')).toContainText('50 % / 15 min');
  await expect(page.getByTestId('rule-Vault locked while runs wait')).toBeVisible();
  await page.getByTestId('alerts-tab-channels').click();
  await page.getByTestId('channel-Desktop notification').getByTestId('channel-test').click();
  await expect(page.getByTestId('toast').filter({ hasText: 'Test sent to “Desktop notification”' })).toBeVisible();
  await expect(page.getByTestId('channel-Desktop notification').getByTestId('channel-last')).toContainText('Delivered · test');
  expect(pageErrors).toEqual([]);
});

test('real failing runs raise alerts: toast, sidebar count, inbox with deliveries, search', async ({ page, pageErrors }) => {
  await open(page, 'dashboard');
  const { id } = await api.call('workflows.save', { document: FLAKY });
  for (let i = 0; i < 3; i++) await api.call('workflows.run', { id, input: { fail: true }, wait: true });
  await expect(page.getByTestId('toast').filter({ hasText: 'Workflow failing: Invoice sync' })).toBeVisible();
  await expect(page.getByTestId('nav-badge-alerts')).toHaveText('2');

  await page.getByTestId('nav-alerts').click();
  const table = page.getByTestId('alerts-table');
  await expect(table).toContainText('Workflow failing: Invoice sync');
  await expect(table).toContainText('Run on the dead-letter list: Invoice sync');
  const row = page.locator('[data-testid^="alert-"]').filter({ hasText: 'Workflow failing' }).first();
  await row.click();
  const detail = page.locator('[data-testid^="alert-detail-"]');
  await expect(detail).toContainText('Workflow failure rate is 100 %');
  await expect(detail).toContainText('Desktop notification · fired ✓');
  await page.getByTestId('alerts-search').fill('dead-letter');
  await expect(table.locator('tbody tr.alert-row')).toHaveCount(1);
  await page.getByTestId('alerts-search').fill('');
  await page.getByTestId('alerts-mark-all-read').click();
  await expect(page.locator('tr.alert-row.unread')).toHaveCount(0);
  await bothThemes(page, 'alerts-inbox');

  // Retried successfully, the dead-letter alert resolves on its own.
  const [failed] = (await api.call('executions.list', { deadLetter: true, limit: 5 })).items;
  await api.call('executions.discard', { id: failed!.id });
  for (const run of (await api.call('executions.list', { deadLetter: true, limit: 5 })).items) await api.call('executions.discard', { id: run.id });
  await page.getByTestId('inbox-resolved').click();
  await expect(table).toContainText('Run on the dead-letter list: Invoice sync');
  expect(pageErrors).toEqual([]);
});

test('the health view shows red figures, each linked to the rule that judged it', async ({ page, pageErrors }) => {
  await open(page, 'alerts/health');
  const row = page.getByTestId('health-row-Invoice sync');
  await expect(row).toHaveAttribute('data-status', 'failing');
  await row.click();
  const rate = page.getByTestId('figure-workflow_failure_rate');
  await expect(rate).toHaveAttribute('data-breaching', 'true');
  await expect(rate).toContainText('100 %');
  await expect(page.getByTestId('health-failures')).toContainText('the billing API refused the sync');
  await bothThemes(page, 'alerts-health');
  await rate.getByTestId('figure-rule').click();
  await expect(page.getByTestId('rule-dialog')).toBeVisible();
  await expect(page.getByTestId('rule-name')).toHaveValue('Workflow failing');
  await expect(page.getByTestId('rule-threshold')).toHaveValue('50');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('rule-dialog')).toBeHidden();
  expect(pageErrors).toEqual([]);
});

test('a rule made for one workflow, from the dialog, with the wrong threshold refused in place', async ({ page, pageErrors }) => {
  await open(page, 'alerts/rules');
  await page.getByTestId('new-rule').click();
  await page.getByTestId('rule-kind').selectOption('workflow_failure_count');
  await page.getByTestId('rule-workflow').selectOption({ label: 'Invoice sync' });
  await page.getByTestId('rule-name').fill('Invoice sync keeps failing');
  await page.getByTestId('rule-threshold').fill('-3');
  await page.getByTestId('rule-save').click();
  await expect(page.getByTestId('rule-error')).toContainText('The threshold cannot be negative.');
  await page.getByTestId('rule-threshold').fill('5');
  await page.getByTestId('rule-severity-critical').click();
  await screenshot(page, 'light-alerts-rule-dialog');
  await page.getByTestId('rule-save').click();
  await expect(page.getByTestId('rule-dialog')).toBeHidden();
  const made = page.getByTestId('rule-Invoice sync keeps failing');
  await expect(made).toContainText('Invoice sync');
  await expect(made).toContainText('5 runs / 15 min');
  await made.getByTestId('rule-toggle').click({ force: true });
  await expect(made.getByTestId('rule-toggle')).not.toBeChecked();
  await bothThemes(page, 'alerts-rules');

  // Edited in place: the dialog opens filled, the row shows the new figures.
  await made.getByTestId('rule-edit').click();
  await expect(page.getByTestId('rule-threshold')).toHaveValue('5');
  await page.getByTestId('rule-threshold').fill('8');
  await page.getByTestId('rule-window').fill('60');
  await page.getByTestId('rule-save').click();
  await expect(page.getByTestId('rule-dialog')).toBeHidden();
  await expect(made).toContainText('8 runs / 1 h');
  const saved = (await api.call('alerts.rules.list', {})).find((rule) => rule.name === 'Invoice sync keeps failing');
  expect(saved).toMatchObject({ threshold: 8, windowSeconds: 3600, enabled: false, severity: 'critical' });

  // Deleted after a confirmation; a dismissed confirmation keeps it.
  page.once('dialog', (dialog) => void dialog.dismiss());
  await made.getByTestId('rule-delete').click();
  await expect(made).toBeVisible();
  page.once('dialog', (dialog) => {
    expect(dialog.message()).toContain('Its alerts stay in the history');
    void dialog.accept();
  });
  await made.getByTestId('rule-delete').click();
  await expect(made).toBeHidden();
  expect((await api.call('alerts.rules.list', {})).map((rule) => rule.name)).not.toContain('Invoice sync keeps failing');
  expect(pageErrors).toEqual([]);
});

test('a webhook channel is made with a vault secret, tested, and refuses a bad URL', async ({ page, pageErrors }) => {
  await api.call('vault.create', { passphrase: 'correct horse battery staple', useKeychain: false });
  await api.call('vault.set', { name: 'HOOK_KEY', value: { kind: 'secret', value: 'whsec-e2e-0123456789' } });
  await open(page, 'alerts/channels');
  await page.getByTestId('new-channel').click();
  await page.getByTestId('channel-type-webhook').click();
  await page.getByTestId('channel-name').fill('Pager bridge');
  await page.getByTestId('channel-webhook-url').fill('not a url');
  await page.getByTestId('channel-webhook-secret').selectOption('HOOK_KEY');
  await page.getByTestId('channel-save').click();
  await expect(page.getByTestId('channel-error')).toContainText('http(s) URL');
  await page.getByTestId('channel-webhook-url').fill(`http://127.0.0.1:9/hooks`);
  await page.getByTestId('channel-save').click();
  const card = page.getByTestId('channel-Pager bridge');
  await card.getByTestId('channel-test').click();
  await expect(card.getByTestId('channel-last')).toContainText('Failed · test');
  await expect(page.getByTestId('toast').filter({ hasText: 'did not get the test' })).toBeVisible();
  await bothThemes(page, 'alerts-channels');
  expect(pageErrors).toEqual([]);
});

test('logs: correlated lines, filtered by execution, exported as JSON lines', async ({ page, pageErrors }) => {
  await open(page, 'logs');
  const table = page.getByTestId('logs-table');
  await expect(table).toContainText('failed: Error: the billing API refused the sync');
  await page.getByTestId('log-execution-chip').first().click();
  const execution = await page.getByTestId('logs-execution').inputValue();
  await expect(page.getByTestId('log-entry')).toHaveCount(2);
  for (const text of await page.getByTestId('log-entry').allTextContents()) expect(text).toContain(`execution ${execution}`);
  await page.getByTestId('logs-level').selectOption('error');
  await expect(page.getByTestId('log-entry')).toHaveCount(1);
  const downloaded = page.waitForEvent('download');
  await page.getByTestId('logs-export').click();
  const file = await downloaded;
  expect(file.suggestedFilename()).toMatch(/^echelon-log-.+\.jsonl$/);
  const lines = fs.readFileSync((await file.path())!, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { executionId: number; level: string });
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatchObject({ executionId: Number(execution), level: 'error' });
  await page.getByTestId('logs-execution').fill('');
  await page.getByTestId('logs-level').selectOption('info');
  await bothThemes(page, 'logs-busy');
  expect(pageErrors).toEqual([]);
});

test('a crash of another Echelon process on this data dir shows as a banner, then in Logs, until dismissed', async ({ page, pageErrors }) => {
  // A real process on the same data dir dies of an uncaught exception carrying a vault secret.
  const crashed = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO, 'tests/fixtures/crash/crashing-host.ts'), server.dataDir], { cwd: REPO, encoding: 'utf8', timeout: 60_000 });
  expect(crashed.status).not.toBe(0);
  await open(page, 'dashboard');
  const banner = page.getByTestId('crash-banner');
  await expect(banner).toContainText('Echelon stopped unexpectedly');
  await expect(banner).toContainText('connect ECONNREFUSED postgres://app:[redacted:DB_PASSWORD]@db:5432');
  await bothThemes(page, 'crash-banner');
  await page.getByTestId('crash-banner-open').click();
  await expect(page.getByTestId('page-logs')).toBeVisible();
  await page.getByTestId('crash-reports').getByTestId('crash-open').first().click();
  await expect(page.getByTestId('crash-reports')).toContainText('about to fail while connecting');
  await page.getByTestId('crash-banner-dismiss').click();
  await expect(banner).toBeHidden();
  await waitUntil(async () => ((await api.call('diagnostics.crashes', { unseenOnly: true })).length === 0 ? true : undefined), 5000, 'the report to be seen');
  expect(pageErrors).toEqual([]);
});

test('settings: tracing off by default with its test button, and a scrape token shown once', async ({ page, pageErrors }) => {
  await open(page, 'settings');
  const tracing = page.getByTestId('tracing-settings');
  await expect(tracing).toContainText('Off');
  await page.getByTestId('tracing-test').click();
  await expect(page.getByTestId('toast').filter({ hasText: 'did not take the test span' })).toBeVisible();
  await page.getByTestId('metrics-token-rotate').click();
  const token = (await page.getByTestId('metrics-token').locator('code').textContent())!;
  const scraped = await fetch(`http://127.0.0.1:${server.port}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  expect(scraped.status).toBe(200);
  expect(await scraped.text()).toContain('echelon_executions_total{workflow_id=');
  await expect(page.getByTestId('metrics-token-state')).toContainText('Set');
  await page.getByTestId('tracing-settings').scrollIntoViewIfNeeded();
  await bothThemes(page, 'settings-telemetry');
  expect(pageErrors).toEqual([]);
});

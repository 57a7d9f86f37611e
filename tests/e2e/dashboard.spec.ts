import type { Page } from '@playwright/test';
import { waitUntil, type ApiClient } from '../helpers/api';
import { MEMORY } from '../helpers/mcp-servers';
import { startOwnServer, stopOwnServer, type OwnServer } from './own-server';
import { expect, screenshotAll, test } from './fixtures';

// Its own data dir: the dashboard counts everything in it.
let server: OwnServer;
let api: ApiClient;

test.beforeAll(async () => {
  server = await startOwnServer('dashboard');
  api = server.api;
});
test.afterAll(() => stopOwnServer(server));

const node = (id: string, type: string, parameters: Record<string, unknown> = {}, x = 0) => ({ id, type, typeVersion: '1.0.0', name: id, position: { x, y: 0 }, parameters: parameters as never });
const flow = (name: string, second: ReturnType<typeof node>, settings: Record<string, unknown> = {}) => ({
  schemaVersion: 1 as const,
  name,
  nodes: [node('Start', 'manual.trigger'), second],
  edges: [{ from: { node: 'Start', output: 'main' }, to: { node: second.id, input: 'main' } }],
  settings,
});

async function open(page: Page, hash = 'dashboard'): Promise<void> {
  await page.goto(`${server.url}#/${hash}`);
  await expect(page.locator('[data-app-state="loaded"]')).toBeVisible();
}

test('an empty dashboard says what each figure counts and how to start', async ({ page, pageErrors }) => {
  await open(page);
  await expect(page.getByTestId('get-started')).toBeVisible();
  await expect(page.getByTestId('insight-runs')).toContainText('0');
  await expect(page.getByTestId('insight-runs')).toContainText('finished runs, last 24 hours');
  await expect(page.getByTestId('insight-failureRate')).toContainText('—');
  await expect(page.getByTestId('recent-failures')).toContainText('No run has failed');
  await expect(page.getByTestId('mcp-health')).toContainText('No MCP server yet');
  await screenshotAll(page, 'dashboard-empty');
  expect(pageErrors).toEqual([]);
});

test('insights count runs and failures against the previous period, per workflow, and lead to the failing step', async ({ page, pageErrors }) => {
  const good = await api.call('workflows.save', { document: flow('Sync invoices', node('Pass', 'no-op.pass', {}, 200), { timeSavedMinutes: 5 }) });
  const bad = await api.call('workflows.save', { document: flow('Import leads', node('Explode', 'code.run', { code: 'throw new Error("the CRM said no")' }, 200)) });
  for (let i = 0; i < 3; i++) await api.call('workflows.run', { id: good.id, wait: true });
  const failed = await api.call('workflows.run', { id: bad.id, wait: true });

  // An MCP server with frequent health checks, and a connection whose check fails.
  await api.call('mcp.servers.add', { definition: { name: 'memory', transport: { type: 'stdio', command: process.execPath, args: [MEMORY] }, healthIntervalMs: 1000 } as never });
  await api.call('mcp.servers.start', { name: 'memory' });
  const down = await api.call('integrations.connections.create', { pluginId: 'rest', name: 'Billing API', config: { baseUrl: 'http://127.0.0.1:9', healthPath: '/health' }, auth: { type: 'none' } });
  await api.call('integrations.connections.test', { id: down.id }).catch(() => undefined);
  await waitUntil(async () => ((await api.call('mcp.servers.health', { name: 'memory', limit: 5 })).checks.length >= 2 ? true : undefined), 20_000, 'health checks');

  await open(page);
  const cards = page.getByTestId('insight-cards');
  await expect(cards.getByTestId('insight-runs')).toContainText('4');
  await expect(cards.getByTestId('insight-failed')).toContainText('1');
  await expect(cards.getByTestId('insight-failureRate')).toContainText('25%');
  await expect(cards.getByTestId('insight-failureRate')).toHaveClass(/stat-danger/);
  await expect(cards.getByTestId('insight-runs').getByTestId('insight-change')).toContainText('vs previous 24 hours');
  await expect(cards.getByTestId('insight-timeSavedMinutes')).toContainText('15 min');
  await expect(cards.getByTestId('insight-p95Ms')).not.toContainText('—');
  const rows = page.getByTestId('insights-subject');
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: 'Sync invoices' })).toContainText('0%');
  await expect(rows.filter({ hasText: 'Import leads' })).toContainText('100%');
  // "Running now" counts runs in progress, and says so.
  await expect(page.getByTestId('stat-runs')).toContainText('0 running now');
  await expect(page.getByTestId('mcp-health-row')).toHaveAttribute('data-status', 'running');
  await expect(page.getByTestId('mcp-health').locator('svg.sparkline polyline')).toBeVisible();
  await expect(page.getByTestId('failing-connection')).toContainText('Billing API');
  // Everything set up but a credential: Get started stays until that is done too.
  await expect(page.getByTestId('first-step-mcp')).toHaveAttribute('data-done', 'true');
  await expect(page.getByTestId('first-step-vault')).toHaveAttribute('data-done', 'false');

  for (const range of ['1h', '7d', '30d', '24h'] as const) {
    await page.getByTestId(`range-${range}`).click();
    await expect(page.getByTestId(`range-${range}`)).toHaveAttribute('aria-checked', 'true');
    await expect(cards.getByTestId('insight-runs')).toContainText('4');
  }
  await expect(page.getByTestId('runs-chart').locator('rect.bar-failed[height]').first()).toBeAttached();
  await screenshotAll(page, 'dashboard-busy');

  // Rows are links, reached with Tab.
  const link = rows.filter({ hasText: 'Import leads' }).locator('a.row-link');
  await link.focus();
  await expect(link).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('workflow-editor')).toBeVisible();

  // A recent failure opens the run at its failing step.
  await open(page);
  await page.getByTestId('recent-failure').first().click();
  const detail = page.getByTestId('execution-detail');
  await expect(detail).toContainText(`Execution ${failed.executionId}`);
  await expect(detail.locator('[data-testid="step-row"][data-node="Explode"]')).toHaveAttribute('data-open', 'true');
  await expect(detail.getByTestId('execution-error')).toContainText('the CRM said no');
  expect(pageErrors).toEqual([]);
});

test('Get started goes away once a server, a credential and a workflow exist', async ({ page }) => {
  await api.call('workflows.save', { document: flow('Any workflow', node('Pass', 'no-op.pass', {}, 200)) });
  await api.call('mcp.servers.add', { definition: { name: 'memory-two', transport: { type: 'stdio', command: process.execPath, args: [MEMORY] } } as never });
  await api.call('vault.create', { passphrase: 'correct horse battery staple', useKeychain: false });
  await api.call('vault.set', { name: 'CRM_TOKEN', value: { kind: 'secret', value: 'not-a-real-token' } });
  await open(page);
  await expect(page.getByTestId('insight-cards')).toBeVisible();
  await expect(page.getByTestId('get-started')).toHaveCount(0);
});

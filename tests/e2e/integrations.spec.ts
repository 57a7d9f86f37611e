import type { Page } from '@playwright/test';
import { startRestApi, type RestApi } from '../fixtures/rest-api';
import { startOwnServer, stopOwnServer } from './own-server';
import { expect, screenshot, test } from './fixtures';

let api: RestApi;
test.beforeAll(async () => {
  api = await startRestApi();
});
test.afterAll(() => api.close());

async function openIntegrations(app: Page): Promise<void> {
  await app.getByTestId('nav-integrations').click();
  await expect(app.getByTestId('page-integrations')).toBeVisible();
}

async function connectRest(app: Page, name: string, healthPath: string): Promise<void> {
  await app.getByTestId('gallery-api:rest').click();
  const dialog = app.getByTestId('connection-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('connection-name').fill(name);
  await dialog.locator('#config_baseUrl').fill(api.url);
  await dialog.locator('#config_healthPath').fill(healthPath);
  await expect(dialog.getByTestId('auth-type')).toHaveValue('none');
  await dialog.getByTestId('connection-save').click();
  await expect(dialog).toBeHidden();
  await expect(app.getByTestId('connection-title')).toHaveText(name);
}

test('the gallery searches and filters integrations by category and type', async ({ page: app, pageErrors }) => {
  // Its own data dir: the gallery also lists the MCP servers that other specs add to the shared one.
  const own = await startOwnServer('gallery');
  try {
    await app.goto(own.url);
    await expect(app.locator('[data-app-state="loaded"]')).toBeVisible();
    await openIntegrations(app);
    const tiles = app.getByTestId('gallery').getByRole('button');
    await expect(tiles).toHaveCount(25);
    await app.getByTestId('gallery-search').fill('webhook');
    await expect(tiles).toHaveCount(2);
    await expect(app.getByTestId('gallery-api:slack')).toBeVisible();
    await expect(app.getByTestId('gallery-api:discord')).toBeVisible();
    await app.getByTestId('gallery-search').fill('');
    await app.getByTestId('gallery-category').selectOption('Developer tools');
    await expect(tiles).toHaveCount(4);
    await app.getByTestId('gallery-type-mcp').click();
    await expect(app.getByTestId('gallery-empty')).toContainText('MCP Servers page');
    await app.getByTestId('gallery-type-all').click();
    await app.getByTestId('gallery-category').selectOption('');
    await expect(tiles).toHaveCount(25);
    await expect(app.getByTestId('gallery-api:github')).toContainText('versions 1.0.0, 2.0.0');
    expect(pageErrors).toEqual([]);
  } finally {
    await stopOwnServer(own);
  }
});

test('a connection is made from the generated dialog, tested, charted and logged', async ({ app, pageErrors }) => {
  await openIntegrations(app);
  // The dialog refuses a missing secret in the form itself, before anything is sent.
  await app.getByTestId('gallery-api:github').click();
  const github = app.getByTestId('connection-dialog');
  await expect(github.getByTestId('auth-type')).toHaveValue('bearer');
  await expect(github.locator('#auth_token')).toHaveAttribute('type', 'password');
  await expect(github.locator('#config_baseUrl')).toHaveValue('https://api.github.com');
  await github.getByTestId('connection-save').click();
  await expect(github.getByText('is required')).toBeVisible();
  await github.getByTestId('connection-cancel').click();
  await expect(github).toBeHidden();

  await connectRest(app, 'Local API', '/health');
  const detail = app.getByTestId('connection-detail');
  await expect(detail.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected');
  await expect(detail.getByTestId('health-point')).toHaveCount(1);
  await expect(detail.getByTestId('event-log')).toContainText('Test succeeded in');
  await detail.getByTestId('connection-test').click();
  await expect(detail.getByTestId('health-point')).toHaveCount(2);
  await expect(detail.getByTestId('event')).toHaveCount(3);

  await detail.getByTestId('connection-edit').click();
  const edit = app.getByTestId('connection-dialog');
  await expect(edit.getByTestId('connection-name')).toHaveValue('Local API');
  await expect(edit.locator('#config_baseUrl')).toHaveValue(api.url);
  await edit.getByTestId('connection-cancel').click();

  await detail.getByTestId('connection-back').click();
  await connectRest(app, 'Maintenance API', '/status/503');
  await expect(app.getByTestId('connection-status')).toHaveAttribute('data-status', 'error');
  await expect(app.getByTestId('connection-status-message')).toContainText('HTTP 503');
  await app.getByTestId('connection-back').click();

  await expect(app.getByTestId('connection-row-Local API').getByTestId('connection-status')).toHaveAttribute('data-status', 'connected');
  await expect(app.getByTestId('connection-row-Maintenance API').getByTestId('connection-status')).toHaveAttribute('data-status', 'error');
  await expect(app.getByTestId('gallery').getByRole('button').first()).toHaveAttribute('data-testid', 'gallery-api:rest');
  expect(pageErrors).toEqual([]);
});

test('a connection trusts a CA and chooses what happens to next pages on other origins', async ({ app, pageErrors }) => {
  await openIntegrations(app);
  await connectRest(app, 'Paged API', '/health');
  const detail = app.getByTestId('connection-detail');
  await expect(detail).toContainText('Pages on other origins');
  await expect(detail).toContainText('Refused');
  await detail.getByTestId('connection-edit').click();
  const dialog = app.getByTestId('connection-dialog');
  // Every kind of auth offers the server CA, not only mTLS.
  await dialog.getByTestId('auth-type').selectOption('bearer');
  await expect(dialog.locator('#auth_ca')).toBeVisible();
  await dialog.getByTestId('auth-type').selectOption('none');
  await expect(dialog.locator('#auth_ca')).toBeVisible();
  await dialog.getByText('Rate limit, cache, pages and health checks').click();
  await dialog.getByTestId('setting-cross-origin-pages').selectOption('without_credentials');
  await dialog.getByTestId('connection-save').click();
  await expect(dialog).toBeHidden();
  await expect(detail).toContainText('Fetched without credentials');
  await detail.getByTestId('connection-edit').click();
  await expect(app.getByTestId('setting-cross-origin-pages')).toHaveValue('without_credentials');
  await app.getByTestId('connection-cancel').click();
  expect(pageErrors).toEqual([]);
});

for (const theme of ['light', 'dark'] as const) {
  test(`screenshots of the Integrations page in the ${theme} theme`, async ({ app, pageErrors }) => {
    await app.emulateMedia({ colorScheme: theme });
    await expect(app.locator('html')).toHaveAttribute('data-theme', theme);
    await openIntegrations(app);
    await connectRest(app, `Status API (${theme})`, '/health');
    await app.getByTestId('connection-test').click();
    await expect(app.getByTestId('health-point')).toHaveCount(2);
    await screenshot(app, `${theme}-integrations-detail`);

    await app.getByTestId('connection-back').click();
    await expect(app.getByTestId('connections')).toBeVisible();
    await screenshot(app, `${theme}-integrations-gallery`);

    await app.getByTestId('gallery-api:rest').click();
    const dialog = app.getByTestId('connection-dialog');
    await dialog.getByTestId('auth-type').selectOption('basic');
    await dialog.locator('#auth_username').fill('ada');
    await dialog.locator('#auth_password').fill('not shown');
    await screenshot(app, `${theme}-integrations-dialog`);
    await dialog.getByText('Rate limit, cache, pages and health checks').click();
    await dialog.getByTestId('setting-cross-origin-pages').scrollIntoViewIfNeeded();
    await screenshot(app, `${theme}-integrations-dialog-settings`);
    await dialog.getByTestId('connection-cancel').click();
    expect(pageErrors).toEqual([]);
  });
}

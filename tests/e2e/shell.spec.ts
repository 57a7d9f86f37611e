import { PAGE_IDS } from './page-ids';
import { expect, screenshot, test } from './fixtures';

test('the printed URL opens the dashboard, connected, without errors', async ({ app, pageErrors }) => {
  await expect(app.getByTestId('page-dashboard')).toBeVisible();
  await expect(app.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected');
  await expect(app.getByTestId('database-path')).toContainText('echelon.db');
  // The token is traded for a cookie and leaves the address bar.
  expect(new URL(app.url()).searchParams.has('token')).toBe(false);
  expect(pageErrors).toEqual([]);
});

test('without the token the server answers 401', async ({ page, server }) => {
  const response = await page.goto(`http://127.0.0.1:${server.port}/`);
  expect(response?.status()).toBe(401);
  await expect(page.locator('body')).toContainText('access token');
});

test('every page is reachable from the sidebar and by keyboard', async ({ app }) => {
  for (const id of PAGE_IDS) {
    await app.getByTestId(`nav-${id}`).click();
    await expect(app.getByTestId(`page-${id}`)).toBeVisible();
    await expect(app.getByTestId(`nav-${id}`)).toHaveAttribute('aria-current', 'page');
  }
  // In a browser Ctrl+digit belongs to the tabs: pages open with G then a letter.
  await app.keyboard.press('g');
  await app.keyboard.press('d');
  await expect(app.getByTestId('page-dashboard')).toBeVisible();
  await app.keyboard.press('g');
  await app.keyboard.press('v');
  await expect(app.getByTestId('page-vault')).toBeVisible();
  await app.keyboard.press('Control+,');
  await expect(app.getByTestId('page-settings')).toBeVisible();
  await app.keyboard.press('?');
  await expect(app.getByTestId('shortcuts-dialog')).toBeVisible();
  // No shortcut a browser keeps for itself is offered under serve.
  await expect(app.getByTestId('shortcuts-dialog')).not.toContainText(/Ctrl\/⌘ [1-9]\b|Ctrl\/⌘ [NTWF]\b/);
  await expect(app.getByTestId('shortcuts-dialog')).toContainText('G E');
  await app.keyboard.press('Escape');
  await expect(app.getByTestId('shortcuts-dialog')).toBeHidden();
});

test('the page survives a reload on a deep link', async ({ app }) => {
  await app.getByTestId('nav-executions').click();
  await app.reload();
  await expect(app.getByTestId('page-executions')).toBeVisible();
});

test('the theme is switchable in Settings, applied at once and remembered', async ({ app }) => {
  await app.getByTestId('nav-settings').click();
  await app.getByTestId('theme-dark').click();
  await expect(app.locator('html')).toHaveAttribute('data-theme', 'dark');
  await app.reload();
  await expect(app.locator('html')).toHaveAttribute('data-theme', 'dark');
  await app.getByTestId('nav-settings').click();
  await app.getByTestId('theme-light').click();
  await expect(app.locator('html')).toHaveAttribute('data-theme', 'light');
  await app.getByTestId('theme-system').click();
});

test('"follow the system" tracks the OS color scheme', async ({ app }) => {
  await app.emulateMedia({ colorScheme: 'dark' });
  await expect(app.locator('html')).toHaveAttribute('data-theme', 'dark');
  await app.emulateMedia({ colorScheme: 'light' });
  await expect(app.locator('html')).toHaveAttribute('data-theme', 'light');
});

for (const theme of ['light', 'dark'] as const) {
  test(`screenshot of every page in the ${theme} theme`, async ({ app }) => {
    await app.emulateMedia({ colorScheme: theme });
    await expect(app.locator('html')).toHaveAttribute('data-theme', theme);
    for (const id of PAGE_IDS) {
      await app.getByTestId(`nav-${id}`).click();
      await expect(app.getByTestId(`page-${id}`)).toBeVisible();
      await screenshot(app, `${theme}-${id}`);
    }
  });
}

import { expect, screenshot, test } from './fixtures';

test('the dashboard sums up servers, runs, vault and connections, and each figure opens its page', async ({ app }) => {
  const stats = app.getByTestId('dashboard-stats');
  await expect(stats.getByTestId('stat-servers')).toContainText('MCP servers');
  await expect(stats.getByTestId('stat-vault')).toContainText(/Unlocked|Locked|Not set up/);
  await stats.getByTestId('stat-connections').click();
  await expect(app.getByTestId('page-integrations')).toBeVisible();
  await app.getByTestId('nav-dashboard').click();
  await stats.getByTestId('stat-runs').click();
  await expect(app.getByTestId('page-executions')).toBeVisible();
});

test('a workflow built and run shows on the dashboard: its first step ticked and its run listed', async ({ app }) => {
  await app.getByTestId('nav-workflows').click();
  await app.getByTestId('new-workflow').first().click();
  await app.getByTestId('workflow-name').fill('Dashboard check');
  await app.getByTestId('palette-manual.trigger').click();
  await app.getByTestId('run-workflow').click();
  await expect(app.getByTestId('toast').filter({ hasText: /Run #\d+ succeeded/ })).toBeVisible();
  await app.getByTestId('nav-dashboard').click();
  await expect(app.getByTestId('first-step-workflows')).toHaveAttribute('data-done', 'true');
  await expect(app.getByTestId('recent-runs')).toContainText('Dashboard check');
  await expect(app.getByTestId('stat-success')).toContainText('%');
  for (const theme of ['light', 'dark'] as const) {
    await app.emulateMedia({ colorScheme: theme });
    await expect(app.locator('html')).toHaveAttribute('data-theme', theme);
    await screenshot(app, `${theme}-dashboard-busy`);
  }
});

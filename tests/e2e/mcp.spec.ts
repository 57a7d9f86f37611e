import type { Page } from '@playwright/test';
import { EVERYTHING } from '../helpers/mcp-servers';
import { expect, screenshot, test } from './fixtures';

async function inBothThemes(page: Page, name: string): Promise<void> {
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await screenshot(page, `${theme}-${name}`);
  }
}

test.describe.configure({ mode: 'serial' });

test('adds server-everything, starts it, calls echo through the generated form and finds the call in the journal', async ({ app, pageErrors }) => {
  await app.getByTestId('nav-mcp').click();
  await app.getByTestId('mcp-add').first().click();
  const dialog = app.getByTestId('add-server-dialog');
  await dialog.getByTestId('add-name').fill('everything');
  await dialog.getByTestId('add-command').fill(process.execPath);
  await dialog.getByTestId('add-args').fill(EVERYTHING);
  await dialog.getByTestId('add-submit').click();
  await expect(dialog).toBeHidden();

  const detail = app.getByTestId('server-detail');
  await expect(detail.getByTestId('server-status')).toHaveAttribute('data-status', 'stopped');
  await detail.getByTestId('server-start').click();
  await expect(detail.getByTestId('server-status')).toHaveAttribute('data-status', 'running');
  await expect(app.getByTestId('server-row-everything')).toContainText(/\d+/);
  await expect(detail.getByTestId('server-pid')).toHaveText(/^\d+$/);
  await inBothThemes(app, 'mcp-overview');

  // Pings every 5 s, chosen here, apply to the running server: its latency shows as a chart.
  await expect(detail.getByTestId('health-chart-empty')).toContainText('every 30 s');
  await detail.getByTestId('server-ping-interval').selectOption(String(5_000));
  await expect.poll(() => detail.getByTestId('health-point').count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
  await expect(detail.getByTestId('health-summary')).toContainText('100% of the last');
  await detail.getByTestId('health-chart').scrollIntoViewIfNeeded();
  await inBothThemes(app, 'mcp-health');

  await detail.getByTestId('tab-tools').click();
  await detail.getByTestId('tool-echo').click();
  const tool = detail.getByTestId('tool-detail');
  const message = tool.getByRole('textbox', { name: /^message/ });
  await message.fill('hello from the browser');
  await detail.getByTestId('tool-call-submit').click();
  await expect(detail.getByTestId('call-result')).toContainText('Echo: hello from the browser');
  await expect(detail.getByTestId('call-result')).toHaveAttribute('data-error', 'false');

  // A required field left empty is caught by the schema validator before any call.
  await message.fill('');
  await detail.getByTestId('tool-call-submit').click();
  await expect(detail.locator('.error-detail')).toContainText('is required');

  await detail.getByTestId('tool-get-tiny-image').click();
  await detail.getByTestId('tool-call-submit').click();
  await expect(detail.locator('.result-image')).toBeVisible();
  await inBothThemes(app, 'mcp-tools');

  await app.getByTestId('view-journal').click();
  const row = app.getByTestId('journal-row').filter({ hasText: 'everything / echo' }).first();
  await expect(row).toContainText('Inspector');
  await expect(row).toContainText('OK');
  await row.click();
  await expect(app.getByTestId('journal')).toContainText('hello from the browser');
  await inBothThemes(app, 'mcp-journal');
  await row.getByTestId('journal-call-again').click();
  await expect(tool.getByRole('textbox', { name: /^message/ })).toHaveValue('hello from the browser');

  await detail.getByTestId('tab-logs').click();
  await expect(detail.getByTestId('log-view')).toContainText('Starting default (STDIO) server');
  await detail.getByTestId('log-search').fill('Running (pid');
  await expect(detail.getByTestId('log-view').locator('.log-line')).toHaveCount(1);
  await inBothThemes(app, 'mcp-logs');

  // The gateway's entry for each AI client, in that client's own format.
  const gateway = app.getByTestId('gateway-card');
  await gateway.getByRole('button', { name: /config for an AI client/ }).click();
  await expect(gateway.getByTestId('export-config')).toContainText('"mcpServers"');
  await gateway.getByTestId('export-vscode').click();
  await expect(gateway.getByTestId('export-config')).toContainText('"servers"');
  await expect(gateway.getByTestId('export-config')).toContainText('"type": "stdio"');
  await gateway.scrollIntoViewIfNeeded();
  await inBothThemes(app, 'mcp-gateway-export');
  expect(pageErrors).toEqual([]);
});

test('shows progress of a long call and cancels it', async ({ app, pageErrors }) => {
  await app.getByTestId('nav-mcp').click();
  const detail = app.getByTestId('server-detail');
  await detail.getByTestId('tab-tools').click();
  await detail.getByTestId('tool-trigger-long-running-operation').click();
  const tool = detail.getByTestId('tool-detail');
  await tool.getByRole('spinbutton', { name: /^duration/ }).fill('30');
  await tool.getByRole('spinbutton', { name: /^steps/ }).fill('60');
  await detail.getByTestId('tool-call-submit').click();
  await expect(detail.getByTestId('call-progress')).toContainText('/ 60');
  await detail.getByTestId('tool-call-cancel').click();
  await expect(detail.getByTestId('call-error')).toContainText('Cancelled');
  expect(pageErrors).toEqual([]);
});

test('previews an import: what is imported, what moves to the vault, what is skipped', async ({ app, pageErrors }) => {
  await app.getByTestId('nav-mcp').click();
  await app.getByTestId('mcp-import').first().click();
  const dialog = app.getByTestId('import-dialog');
  await dialog.getByTestId('import-text').fill(
    JSON.stringify({
      mcpServers: {
        everything: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-everything'] },
        github: { command: 'npx -y @modelcontextprotocol/server-github', env: { GITHUB_PERSONAL_ACCESS_TOKEN: 'ghp_pastedLiteral' } },
      },
    }),
  );
  await dialog.getByTestId('import-preview').click();
  const rows = dialog.getByTestId('import-plan-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toHaveAttribute('data-action', 'skip');
  await expect(rows.nth(0)).toContainText('already exists in Echelon');
  await expect(rows.nth(1)).toContainText('env.GITHUB_PERSONAL_ACCESS_TOKEN → vault GITHUB_PERSONAL_ACCESS_TOKEN');
  await expect(rows.nth(1)).toContainText('held its arguments in one string');
  await expect(dialog).not.toContainText('ghp_pastedLiteral');
  await inBothThemes(app, 'mcp-import');
  // Without an unlocked vault the import refuses rather than keep the token in plaintext.
  await dialog.getByTestId('import-apply').click();
  await expect(dialog.getByTestId('import-error')).toContainText(/no vault yet|vault is locked/);
  await app.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  expect(pageErrors).toEqual([]);
});

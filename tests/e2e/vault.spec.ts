import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startServe, type ServeProcess } from '../helpers/cli';
import { screenshot } from './fixtures';

const PASSPHRASE = 'e2e correct horse battery';
const TOKEN = 'ghp_E2eBrowserToken0123456789';
const PASSWORD = 'e2e-db-password-!42';

// One fresh data dir for this file: the first test meets the first-run form.
let server: ServeProcess;
let dataDir: string;
test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'echelon-e2e-vault-'));
  server = await startServe(dataDir, [], { ECHELON_VAULT_PASSPHRASE: '' });
});
test.afterAll(async () => {
  await server.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Opens the Vault page and records every WebSocket frame the page receives. */
async function openVault(page: Page, theme: 'light' | 'dark' = 'light'): Promise<string[]> {
  const received: string[] = [];
  page.on('websocket', (socket) => socket.on('framereceived', ({ payload }) => void received.push(String(payload))));
  await page.emulateMedia({ colorScheme: theme });
  await page.goto(server.url);
  await expect(page.locator('[data-app-state="loaded"]')).toBeVisible();
  await page.getByTestId('nav-vault').click();
  await expect(page.getByTestId('page-vault')).toBeVisible();
  return received;
}

async function addSecret(page: Page, fill: () => Promise<void>) {
  await page.getByTestId('vault-add').click();
  await expect(page.getByTestId('secret-dialog')).toBeVisible();
  await fill();
  await page.getByTestId('secret-save').click();
  await expect(page.getByTestId('secret-dialog')).toBeHidden();
}

test('create the vault, add secrets, list them masked, and read the audit log', async ({ page }) => {
  const received = await openVault(page);
  await expect(page.getByTestId('vault-create-form')).toBeVisible();
  await screenshot(page, 'light-vault-create');

  await page.getByTestId('vault-passphrase').fill('short');
  await page.getByTestId('vault-passphrase-repeat').fill('short');
  await page.getByTestId('vault-create-submit').click();
  await expect(page.getByTestId('vault-create-problem')).toContainText('at least 8 characters');
  await page.getByTestId('vault-passphrase').fill(PASSPHRASE);
  await page.getByTestId('vault-passphrase-repeat').fill(PASSPHRASE);
  await page.getByTestId('vault-passphrase-repeat').press('Enter');
  await expect(page.getByTestId('vault-state')).toHaveText('Unlocked');
  await expect(page.getByTestId('empty-state')).toContainText('The vault is empty');
  await screenshot(page, 'light-vault-empty');

  await addSecret(page, async () => {
    await page.getByTestId('secret-name').fill('GITHUB_TOKEN');
    await page.getByTestId('secret-field-value').fill(TOKEN);
    await page.getByTestId('secret-description').fill('CI token for the release workflow');
    await page.getByTestId('secret-tags').fill('ci, github');
  });
  // The form is generated from the kind: basic asks for a username and a password.
  await page.getByTestId('vault-add').click();
  await page.getByTestId('secret-name').fill('DB_LOGIN');
  await page.getByTestId('secret-kind').selectOption('basic');
  await page.getByTestId('secret-field-username').fill('alice');
  await page.getByTestId('secret-field-password').fill('abc');
  await page.getByTestId('secret-save').click();
  await expect(page.getByTestId('secret-problem')).toContainText('at least 4 characters');
  await expect(page.getByTestId('secret-field-password')).toHaveAttribute('aria-invalid', 'true');
  await page.getByTestId('secret-field-password').fill(PASSWORD);
  await screenshot(page, 'light-vault-add-dialog');
  await page.getByTestId('secret-save').click();
  await expect(page.getByTestId('secret-dialog')).toBeHidden();

  await expect(page.getByTestId('vault-row-GITHUB_TOKEN')).toContainText('ci');
  await expect(page.getByTestId('masked-GITHUB_TOKEN')).toHaveText('••••••••');
  await expect(page.getByTestId('vault-row-DB_LOGIN')).toContainText('user alice');
  await expect(page.locator('body')).not.toContainText(TOKEN);
  await screenshot(page, 'light-vault-records');

  // Under echelon serve, Reveal explains that it is a desktop-app feature.
  await page.getByTestId('reveal-GITHUB_TOKEN').click();
  await expect(page.getByTestId('toast').filter({ hasText: 'Reveal is a desktop-app feature' })).toBeVisible();

  await page.getByTestId('vault-tab-audit').click();
  await expect(page.getByTestId('audit-row').first()).toBeVisible();
  await expect(page.getByTestId('audit-table')).toContainText('DB_LOGIN');
  await expect(page.getByTestId('audit-table')).toContainText('user:renderer');
  await page.getByTestId('audit-filter-name').fill('GITHUB');
  await expect(page.getByTestId('audit-row')).toHaveCount(1);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-export-csv').click()]);
  expect(download.suggestedFilename()).toMatch(/^echelon-vault-audit-.*\.csv$/);
  const csv = fs.readFileSync((await download.path())!, 'utf8');
  expect(csv.split('\r\n')[0]).toBe('id,at,action,recordName,accessorKind,accessorId,detail');
  expect(csv).toContain('GITHUB_TOKEN');
  await page.getByTestId('audit-filter-name').fill('');
  await screenshot(page, 'light-vault-audit');

  for (const secret of [TOKEN, PASSWORD, PASSPHRASE]) expect(received.join('\n')).not.toContain(secret);
});

test('edit, rotate, auto-lock setting, delete with confirm, lock and unlock, in the dark theme', async ({ page }) => {
  const received = await openVault(page, 'dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  // A new page load: serve still holds the key, the vault is unlocked.
  await expect(page.getByTestId('vault-state')).toHaveText('Unlocked');
  await screenshot(page, 'dark-vault-records');

  await page.getByTestId('edit-GITHUB_TOKEN').click();
  await expect(page.getByTestId('secret-field-value')).toHaveCount(0);
  await page.getByTestId('secret-replace').check();
  await page.getByTestId('secret-field-value').fill(`${TOKEN}-v2`);
  await screenshot(page, 'dark-vault-edit-dialog');
  await page.getByTestId('secret-save').click();
  await expect(page.getByTestId('secret-dialog')).toBeHidden();

  await page.getByTestId('auto-lock-select').selectOption('30');
  await expect(page.getByTestId('toast').filter({ hasText: 'locks after 30 minutes' })).toBeVisible();

  await page.getByTestId('vault-rotate').click();
  await page.getByTestId('rotate-passphrase').fill('not the passphrase');
  await page.getByTestId('rotate-submit').click();
  await expect(page.getByTestId('rotate-problem')).toContainText('Wrong passphrase');
  await page.getByTestId('rotate-passphrase').fill(PASSPHRASE);
  await page.getByTestId('rotate-submit').click();
  await expect(page.getByTestId('toast').filter({ hasText: 'Master key rotated' })).toBeVisible();
  await expect(page.getByTestId('vault-strip')).toContainText('key generation 2');

  await page.getByTestId('delete-DB_LOGIN').click();
  await expect(page.getByTestId('delete-dialog')).toBeVisible();
  await screenshot(page, 'dark-vault-delete');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('vault-row-DB_LOGIN')).toBeVisible();
  await page.getByTestId('delete-DB_LOGIN').click();
  await page.getByTestId('delete-confirm').click();
  await expect(page.getByTestId('vault-row-DB_LOGIN')).toHaveCount(0);

  await page.getByTestId('vault-lock').click();
  await expect(page.getByTestId('vault-unlock-form')).toBeVisible();
  await expect(page.getByTestId('vault-row-GITHUB_TOKEN')).toBeVisible();
  await expect(page.getByTestId('edit-GITHUB_TOKEN')).toBeDisabled();
  await page.getByTestId('vault-unlock-passphrase').fill('wrong passphrase');
  await page.getByTestId('vault-unlock-passphrase').press('Enter');
  await expect(page.getByTestId('vault-unlock-problem')).toContainText('Wrong passphrase');
  await screenshot(page, 'dark-vault-locked');
  await page.getByTestId('vault-unlock-passphrase').fill(PASSPHRASE);
  await page.getByTestId('vault-unlock-submit').click();
  await expect(page.getByTestId('vault-state')).toHaveText('Unlocked');

  await page.getByTestId('vault-tab-secrets').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('vault-tab-audit')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('audit-table')).toContainText('rotate');
  await screenshot(page, 'dark-vault-audit');

  for (const secret of [TOKEN, PASSWORD, PASSPHRASE]) expect(received.join('\n')).not.toContain(secret);
});

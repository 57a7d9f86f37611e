import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, type Page } from '@playwright/test';
import { runCliAsync, startServe, type ServeProcess } from '../helpers/cli';
import { sshdAvailable, TestSshd } from '../helpers/sshd';
import { screenshot } from './fixtures';

const env = { ECHELON_VAULT_PASSPHRASE: 'an e2e passphrase for the ssh spec' };
let sshd: TestSshd;
let serve: ServeProcess;
let dataDir: string;

test.skip(!sshdAvailable, 'needs /usr/sbin/sshd: apt-get install -y openssh-server');
// One long story (trust, log in, a reinstalled server, three screenshots in two themes): it needs more than the default minute on a busy machine.
test.setTimeout(120_000);

test.beforeAll(async () => {
  sshd = await TestSshd.start();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'echelon-e2e-ssh-'));
  await runCliAsync(['--data-dir', dataDir, 'vault', 'init'], { env });
  serve = await startServe(dataDir, [], env);
});

test.afterAll(async () => {
  await serve?.stop();
  await sshd?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

async function inBothThemes(page: Page, name: string): Promise<void> {
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await screenshot(page, `${theme}-${name}`);
  }
}

test('an SSH connection asks to confirm the host key before logging in, then refuses it loudly once it changed', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(serve.url);
  await expect(page.locator('[data-app-state="loaded"]')).toBeVisible();
  await page.getByTestId('nav-integrations').click();
  await page.getByTestId('gallery-api:ssh').click();

  const dialog = page.getByTestId('connection-dialog');
  await dialog.getByTestId('connection-name').fill('Build box');
  await dialog.locator('#config_host').fill('127.0.0.1');
  await dialog.locator('#config_port').fill(String(sshd.port));
  await expect(dialog.getByTestId('auth-type')).toHaveValue('ssh_key');
  await dialog.locator('#auth_username').fill(sshd.user.name);
  // A key file pasted whole: its line breaks survive the (masked) field.
  await dialog.locator('#auth_privateKey').fill(sshd.clientKey.privateKey);
  await dialog.getByTestId('connection-save').click();
  await expect(dialog).toBeHidden();

  const hostKey = page.getByTestId('host-key-dialog');
  await expect(hostKey).toBeVisible();
  await expect(hostKey.getByTestId('host-key-fingerprint')).toHaveText(sshd.hostKey.fingerprint);
  await expect(hostKey).toContainText('ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub');
  await inBothThemes(page, 'ssh-host-key-confirm');
  expect(sshd.log()).not.toContain('Accepted publickey');
  await hostKey.getByTestId('host-key-trust').click();
  await expect(hostKey).toBeHidden();
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected');
  await expect(page.getByTestId('host-key-status')).toHaveAttribute('data-status', 'trusted');
  await inBothThemes(page, 'ssh-connection');

  sshd.newHostKey();
  await sshd.restart();
  await page.getByTestId('connection-test').click();
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'error');
  await expect(page.getByTestId('connection-status-message')).toContainText('has CHANGED');
  await page.getByTestId('host-key-check').click();
  await expect(page.getByTestId('host-key-status')).toHaveAttribute('data-status', 'changed');
  await page.getByTestId('host-key-review').click();
  const changed = page.getByTestId('host-key-dialog');
  await expect(changed.getByTestId('host-key-fingerprint')).toHaveText(sshd.hostKey.fingerprint);
  await expect(changed.getByTestId('host-key-trust')).toBeDisabled();
  await inBothThemes(page, 'ssh-host-key-changed');
  await changed.getByTestId('host-key-confirm').check();
  await changed.getByTestId('host-key-trust').click();
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected');
  await expect(page.getByTestId('host-key-status')).toHaveAttribute('data-status', 'trusted');
  expect(errors).toEqual([]);
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { WorkflowDocument } from '../../shared/workflow/document';
import { connectApi, type ApiClient } from '../helpers/api';
import { runCli, startServe, type ServeProcess } from '../helpers/cli';
import { startTeamBackend, type TeamBackend } from '../helpers/team-backend';
import { screenshot } from './fixtures';

/**
 * Team use in the browser: Ada signs in on the Team page of her `echelon serve`; Bob is a
 * second Echelon (another serve, driven through its API). Both sync through the Supabase
 * stand-in on a real PostgreSQL.
 */

const PASSPHRASE = 'e2e team passphrase';
const PASSWORD = 'correct horse';
let backend: TeamBackend;
const dirs: string[] = [];
let ada: ServeProcess;
let bob: ServeProcess;
let adaApi: ApiClient;
let bobApi: ApiClient;
let workflowId: string;

async function echelon(): Promise<ServeProcess> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'echelon-e2e-team-'));
  dirs.push(dataDir);
  const env = { ECHELON_VAULT_PASSPHRASE: PASSPHRASE };
  expect(runCli(['--data-dir', dataDir, 'vault', 'init'], { env }).status).toBe(0);
  return startServe(dataDir, [], env);
}

const flow = (name: string, greeting: string): WorkflowDocument => ({
  schemaVersion: 1,
  name,
  nodes: [
    { id: 'start', type: 'manual.trigger', typeVersion: '1.0.0', name: 'Start', position: { x: 0, y: 0 }, parameters: {} },
    { id: 'edit', type: 'transform.edit', typeVersion: '1.0.0', name: greeting, position: { x: 300, y: 0 }, parameters: { fields: [{ name: 'greeting', value: greeting }] } },
  ],
  edges: [{ from: { node: 'start', output: 'main' }, to: { node: 'edit', input: 'main' } }],
});

async function open(page: Page, serve: ServeProcess, theme: 'light' | 'dark' = 'light', where = 'team'): Promise<void> {
  await page.emulateMedia({ colorScheme: theme });
  await page.goto(`${serve.url}#/${where}`);
  await expect(page.locator('[data-app-state="loaded"]')).toBeVisible();
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  backend = await startTeamBackend();
  await backend.standIn.auth.createUser('ada@example.com', PASSWORD, 'Ada Lovelace');
  await backend.standIn.auth.createUser('bob@example.com', PASSWORD, 'Bob Babbage');
  // One after the other: two starts at once on a busy 2-core machine can outlast serve's start timeout.
  ada = await echelon();
  bob = await echelon();
  [adaApi, bobApi] = await Promise.all([connectApi(ada), connectApi(bob)]);
});

test.afterAll(async () => {
  adaApi?.close();
  bobApi?.close();
  await Promise.all([ada?.stop(), bob?.stop()]);
  await backend?.stop();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

test('sign in on the Team page, invite a teammate, and see their edit and presence appear', async ({ page }) => {
  await open(page, ada);
  await expect(page.getByTestId('page-team')).toHaveAttribute('data-team-state', 'solo');
  await expect(page.getByTestId('sync-status')).toHaveText(/Working solo/);
  await page.getByTestId('team-project-url').fill(backend.standIn.url);
  await page.getByTestId('team-anon-key').fill(backend.standIn.anonKey);
  await page.getByTestId('team-connect').click();

  await expect(page.getByTestId('team-sign-in')).toBeVisible();
  await page.getByTestId('team-email').fill('ada@example.com');
  await page.getByTestId('team-password').fill('not her password');
  await page.getByTestId('team-submit').click();
  await expect(page.getByTestId('team-sign-in-error')).toHaveText(/Invalid login credentials/);
  await page.getByTestId('team-password').fill(PASSWORD);
  await page.getByTestId('team-submit').click();

  await page.getByTestId('team-org-name').fill('Acme');
  await page.getByTestId('team-create-org-submit').click();
  await expect(page.getByTestId('team-role')).toHaveAttribute('data-role', 'admin');
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'synced');

  await page.getByTestId('invite-email').fill('bob@example.com');
  await page.getByTestId('invite-role').selectOption('agent_manager');
  await page.getByTestId('invite-submit').click();
  await expect(page.getByTestId('team-invitations-sent')).toContainText('bob@example.com');

  await bobApi.call('team.configure', { projectUrl: backend.standIn.url, anonKey: backend.standIn.anonKey });
  await bobApi.call('team.signIn', { method: 'password', email: 'bob@example.com', password: PASSWORD });
  const { received } = await bobApi.call('team.invitations', {});
  await bobApi.call('team.acceptInvitation', { id: received[0]!.id });
  await expect(page.getByTestId('member-row')).toHaveCount(2);
  await expect(page.getByTestId('member-row').filter({ hasText: 'bob@example.com' })).toContainText('online');
  await screenshot(page, 'light-team-page');
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, 'dark-team-page');
  await page.emulateMedia({ colorScheme: 'light' });

  // Ada's workflow reaches Bob; Bob's edit comes back to Ada's list and her open canvas.
  workflowId = (await adaApi.call('workflows.save', { document: flow('Greeter', 'Hello') })).id;
  await expect.poll(async () => (await bobApi.call('workflows.list', {})).map((item) => item.id)).toContain(workflowId);
  await page.getByTestId('nav-workflows').click();
  await expect(page.getByTestId('workflow-row').filter({ hasText: 'Greeter' })).toBeVisible();

  await bobApi.call('team.setPresence', { subject: { kind: 'workflow', id: workflowId, editing: true } });
  const row = page.getByTestId('workflow-row').filter({ hasText: 'Greeter' });
  await expect(row.getByTestId('presence-avatar')).toHaveAttribute('data-email', 'bob@example.com');
  await expect(row.getByTestId('presence-avatar')).toHaveText('BB');

  await row.getByTestId('open-canvas').click();
  await expect(page.getByTestId('canvas-node-Hello')).toBeVisible();
  await expect(page.getByTestId('workflow-editor').getByTestId('presence-avatar')).toBeVisible();
  const current = await bobApi.call('workflows.get', { id: workflowId });
  await bobApi.call('workflows.save', { id: workflowId, document: flow('Greeter', 'Bonjour'), expectedVersion: current.version });
  await expect(page.getByTestId('canvas-node-Bonjour')).toBeVisible({ timeout: 10_000 });
  await screenshot(page, 'light-team-canvas-presence');
});

test('a conflict on the same field is shown side by side, and the choice is shared', async ({ page }) => {
  await adaApi.call('team.syncNow', {});
  await bobApi.call('team.syncNow', {});
  backend.standIn.setOffline(true);
  const save = async (api: ApiClient, greeting: string) => {
    const current = await api.call('workflows.get', { id: workflowId });
    await api.call('workflows.save', { id: workflowId, document: flow('Greeter', greeting), expectedVersion: current.version });
  };
  await save(adaApi, 'Ada was here');
  await save(bobApi, 'Bob was here');
  await open(page, ada);
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'offline');
  await expect(page.getByTestId('sync-status')).toContainText('1 change pending');
  await screenshot(page, 'light-team-offline');

  backend.standIn.setOffline(false);
  await bobApi.call('team.syncNow', {});
  await adaApi.call('team.syncNow', {});
  // Both retry on reconnecting, so either may push first: the other one holds the conflict.
  let holder: 'ada' | 'bob' | undefined;
  await expect
    .poll(async () => {
      if ((await adaApi.call('team.status', {})).sync.conflicts > 0) holder = 'ada';
      else if ((await bobApi.call('team.status', {})).sync.conflicts > 0) holder = 'bob';
      return holder;
    })
    .toBeDefined();
  if (holder === 'bob') await open(page, bob);
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'conflict');
  await page.getByTestId('open-conflict').click();
  const dialog = page.getByTestId('conflict-dialog');
  await expect(dialog.getByTestId('conflict-field').first()).toContainText('Ada was here');
  await expect(dialog.getByTestId('conflict-field').first()).toContainText('Bob was here');
  await screenshot(page, 'light-team-conflict');
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, 'dark-team-conflict');
  await page.emulateMedia({ colorScheme: 'light' });

  for (const field of await dialog.getByTestId('conflict-field').all()) await field.getByTestId('keep-remote').check();
  await dialog.getByTestId('resolve-conflict').click();
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'synced');
  // Keeping the other side's edit: the holder ends with what its teammate wrote.
  const [holderApi, kept] = holder === 'ada' ? [adaApi, 'Bob was here'] : [bobApi, 'Ada was here'];
  await expect.poll(async () => JSON.stringify((await holderApi.call('workflows.get', { id: workflowId })).document)).toContain(kept);
});

test('a viewer reads the canvas but cannot edit or run', async ({ page }) => {
  const members = await adaApi.call('team.members', {});
  const bobId = members.find((member) => member.email === 'bob@example.com')!.userId;
  await adaApi.call('team.setRole', { userId: bobId, role: 'viewer' });
  await bobApi.call('team.switchOrganization', { orgId: (await bobApi.call('team.status', {})).organization!.id });

  await open(page, bob, 'dark', 'workflows');
  const row = page.getByTestId('workflow-row').filter({ hasText: 'Greeter' });
  await expect(row.getByTestId('open-canvas')).toBeVisible();
  await expect(row.getByTestId('run-workflow')).toHaveCount(0);
  await row.getByTestId('open-canvas').click();
  await expect(page.getByTestId('read-only')).toBeVisible();
  await expect(page.getByTestId('run-workflow')).toHaveCount(0);
  await expect(page.getByTestId('save-version')).toHaveCount(0);
  await screenshot(page, 'dark-team-viewer-canvas');
});

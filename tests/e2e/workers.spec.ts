import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import pg from 'pg';
import type { WorkflowDocument } from '../../shared/workflow/document';
import { connectApi, type ApiClient } from '../helpers/api';
import { runCli, startServe, type ServeProcess } from '../helpers/cli';
import { startTeamBackend, type TeamBackend } from '../helpers/team-backend';
import { screenshotAll } from './fixtures';

/**
 * The Workers page and the "run on team workers" choice, in the browser against `echelon serve`
 * signed in to the Supabase stand-in on a real PostgreSQL, whose `public.workers` rows are the
 * heartbeats workers write.
 */

const PASSPHRASE = 'e2e workers passphrase';
const PASSWORD = 'correct horse';
let backend: TeamBackend;
let serve: ServeProcess;
let api: ApiClient;
let dataDir: string;

async function open(page: Page, where: string): Promise<void> {
  await page.goto(`${serve.url}#/${where}`);
  await expect(page.locator('[data-app-state="loaded"]')).toBeVisible();
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  // A Postgres, the stand-in and a serve start here: minutes on a loaded 2-core machine.
  test.setTimeout(240_000);
  backend = await startTeamBackend();
  await backend.standIn.auth.createUser('ada@example.com', PASSWORD, 'Ada Lovelace');
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'echelon-e2e-workers-'));
  const env = { ECHELON_VAULT_PASSPHRASE: PASSPHRASE };
  expect(runCli(['--data-dir', dataDir, 'vault', 'init'], { env }).status).toBe(0);
  serve = await startServe(dataDir, [], env);
  api = await connectApi(serve);
});

test.afterAll(async () => {
  api?.close();
  await serve?.stop();
  await backend?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

test('without a team, the Workers page says what workers are and where to sign in', async ({ page }) => {
  await open(page, 'workers');
  await expect(page.getByTestId('page-workers')).toHaveAttribute('data-workers-state', 'signed_out');
  await expect(page.getByTestId('empty-state')).toContainText('Sign in on the Team page');
  await screenshotAll(page, 'workers-signed-out');
});

test('lists the team workers from their heartbeats: running, missing and stopped, refreshed as they beat', async ({ page }) => {
  await api.call('team.configure', { projectUrl: backend.standIn.url, anonKey: backend.standIn.anonKey });
  await api.call('team.signIn', { method: 'password', email: 'ada@example.com', password: PASSWORD });
  const status = await api.call('team.createOrganization', { name: 'Acme' });
  const org = status.organization!.id;

  await open(page, 'workers');
  await expect(page.getByTestId('page-workers')).toHaveAttribute('data-workers-state', 'empty');
  await expect(page.getByTestId('workers-command')).toContainText('echelon worker --redis');
  await screenshotAll(page, 'workers-empty');

  const admin = new pg.Client({ connectionString: backend.databaseUrl });
  await admin.connect();
  try {
    const beat = (id: string, host: string, status: string, agoSeconds: number, running: number, perMinute: number, queues = ['default']) =>
      admin.query(
        `insert into public.workers (org_id, id, host, version, pid, queues, concurrency, running, completed, failed, per_minute, status, heartbeat_at)
         values ($1, $2, $3, '0.1.0', 4242, $4, 16, $5, 1200, 3, $6, $7, now() - make_interval(secs => $8))`,
        [org, id, host, queues, running, perMinute, status, agoSeconds],
      );
    await beat('build-1', 'build-1.internal', 'running', 1, 7, 840);
    await beat('reports-1', 'reports.internal', 'running', 120, 2, 0, ['reports', 'default']);
    await beat('old-1', 'old.internal', 'stopped', 3600, 0, 0);

    const rows = page.getByTestId('worker-row');
    await expect(rows).toHaveCount(3, { timeout: 15_000 });
    await expect(page.getByTestId('page-workers')).toHaveAttribute('data-workers-state', 'list');
    await expect(rows.filter({ hasText: 'build-1' })).toHaveAttribute('data-worker-state', 'running');
    await expect(rows.filter({ hasText: 'build-1' })).toContainText('7 / 16');
    await expect(rows.filter({ hasText: 'build-1' })).toContainText('840/min');
    await expect(rows.filter({ hasText: 'reports-1' })).toHaveAttribute('data-worker-state', 'missing');
    await expect(rows.filter({ hasText: 'reports-1' })).toContainText('reports, default');
    await expect(rows.filter({ hasText: 'old-1' })).toHaveAttribute('data-worker-state', 'stopped');
    await expect(page.getByTestId('workers-summary')).toContainText('1 of 3 running');
    await screenshotAll(page, 'workers-list');

    // A heartbeat arrives: the missing worker is back without a reload.
    await admin.query("update public.workers set heartbeat_at = now() where id = 'reports-1'");
    await expect(rows.filter({ hasText: 'reports-1' })).toHaveAttribute('data-worker-state', 'running', { timeout: 15_000 });

    // The alert rule kind the worker heartbeats feed.
    const kinds = await api.call('alerts.kinds', {});
    expect(kinds.map((kind: { kind: string }) => kind.kind)).toContain('worker_heartbeat_missing');
  } finally {
    await admin.end();
  }
});

test('a workflow is set to run on team workers from the editor toolbar', async ({ page }) => {
  const document: WorkflowDocument = {
    schemaVersion: 1,
    name: 'Nightly report',
    nodes: [
      { id: 'tick', type: 'schedule.trigger', typeVersion: '1.0.0', name: 'Every night', position: { x: 0, y: 0 }, parameters: { cron: '0 2 * * *' } },
      { id: 'edit', type: 'transform.edit', typeVersion: '1.0.0', name: 'Report', position: { x: 300, y: 0 }, parameters: { fields: [{ name: 'done', value: true }] } },
    ],
    edges: [{ from: { node: 'tick', output: 'main' }, to: { node: 'edit', input: 'main' } }],
  };
  const { id } = await api.call('workflows.save', { document });
  await page.goto(`${serve.url}#/workflows/${id}`);
  await expect(page.getByTestId('workflow-editor')).toBeVisible({ timeout: 20_000 });
  const choice = page.getByTestId('run-on-choice');
  await expect(choice).toHaveAttribute('aria-pressed', 'false');
  await choice.click();
  await expect(choice).toHaveAttribute('aria-pressed', 'true');
  await expect(choice).toHaveText('Team workers');
  await expect
    .poll(async () => ((await api.call('drafts.get', { workflowId: id }))?.document as WorkflowDocument | undefined)?.settings?.runOn, { timeout: 10_000 })
    .toBe('team');
  await screenshotAll(page, 'workers-run-on-choice');
  await choice.click();
  await expect
    .poll(async () => ((await api.call('drafts.get', { workflowId: id }))?.document as WorkflowDocument | undefined)?.settings?.runOn ?? 'computer', { timeout: 10_000 })
    .toBe('computer');
});

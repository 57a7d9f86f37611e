import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHost } from '../../electron/main/services/host';
import { MemoryKeyValueStore } from '../../electron/main/services/preferences/preferences-service';
import type { WorkflowDocument } from '../../shared/workflow/document';
import { connectApi } from '../helpers/api';
import { CLI, CLI_TEST, REPO, runCliAsync, startServe, type ServeProcess } from '../helpers/cli';
import { chain, node } from '../helpers/engine';
import { EVERYTHING } from '../helpers/mcp-servers';
import { runningWith, waitFor } from '../helpers/processes';
import { tempDir } from '../helpers/temp-dir';
import { openUnlockedHost, PASSPHRASE } from '../helpers/vault';

/**
 * `workflow run`, `executions retry` and `cancel` as a person runs them: with no Echelon running
 * (the command does the work, starting the MCP servers it calls and stopping them after) and
 * with `echelon serve` running (it does the work, the CLI prints the result).
 */

let serve: ServeProcess | undefined;
afterEach(async () => {
  await serve?.stop();
  serve = undefined;
});

function write(dir: string, name: string, document: WorkflowDocument): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(document));
  return file;
}

/** Start → echo through the "everything" MCP server → wait `seconds`. */
function echoFlow(message: string, seconds: number): WorkflowDocument {
  return {
    ...chain('Echo', [
      node('manual.trigger', {}, { id: 'start', name: 'Start' }),
      node('mcp-tool.call', { server: 'everything', tool: 'echo', arguments: { message: `${message} {{ $json.name }}` } }, { id: 'echo', name: 'Echo' }),
      node('delay.wait', { amount: seconds, unit: 'seconds' }, { id: 'wait', name: 'Wait' }),
    ]),
    id: 'wf-echo',
  };
}

const failing = (): WorkflowDocument => ({ ...chain('Fail', [node('manual.trigger', {}, { id: 'start', name: 'Start' }), node('code.run', { code: 'throw new Error("kaboom")' }, { id: 'boom', name: 'Boom' })]), id: 'wf-fail' });

const cli = (dir: string, ...args: string[]) => runCliAsync(['--data-dir', dir, ...args]);
const json = <T>(text: string) => JSON.parse(text) as T;
/** The "everything" server, added with the data dir in its arguments so its process can be found. */
const addEverything = (dir: string) => cli(dir, 'mcp', 'add', 'everything', '--', process.execPath, EVERYTHING, 'stdio', dir);
const serversOf = (dir: string) => runningWith(dir).filter((proc) => proc.cmdline.includes(EVERYTHING));

describe('echelon workflow run without a running Echelon', () => {
  it('starts the MCP server its step calls and stops it after, waits through a delay, and keeps one workflow per file', CLI_TEST, async () => {
    const dir = tempDir();
    expect((await addEverything(dir)).status).toBe(0);
    const file = write(dir, 'echo.json', echoFlow('hi', 1));

    const run = await cli(dir, 'workflow', 'run', file, '--input', '{"name":"Ada"}');
    expect(run.stderr).toMatch(/Execution 1 waits until \d\d:\d\d:\d\d at "Wait"/);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Execution 1 succeeded in [\d.]+ m?s \(workflow "Echo" v1\)/);
    expect(run.stdout).toContain('Echo: hi Ada');
    expect(serversOf(dir)).toEqual([]);
    const journal = json<Array<{ caller: string; tool: string }>>((await cli(dir, 'mcp', 'journal', '--json')).stdout);
    expect(journal[0]).toMatchObject({ caller: 'workflow', tool: 'echo' });

    // The same file again runs the same workflow, unchanged; an edited file is its next version.
    expect((await cli(dir, 'workflow', 'run', file, '--input', '{"name":"Bo"}')).status).toBe(0);
    write(dir, 'echo.json', echoFlow('hello', 0));
    expect((await cli(dir, 'workflow', 'run', file)).stderr).toContain('echo.json changed: saved as version 2 of wf-echo.');
    const list = json<Array<{ id: string; version: number }>>((await cli(dir, 'workflow', 'list', '--json')).stdout);
    expect(list).toEqual([expect.objectContaining({ id: 'wf-echo', version: 2 })]);
    expect(serversOf(dir)).toEqual([]);
  });

  it('with --no-wait returns once the run waits, saying where it will finish, and `echelon serve` finishes it', CLI_TEST, async () => {
    const dir = tempDir();
    await addEverything(dir);
    const run = await cli(dir, 'workflow', 'run', write(dir, 'echo.json', echoFlow('later', 2)), '--no-wait');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('1\n');
    expect(run.stderr).toMatch(/Execution 1 waits until \d\d:\d\d:\d\d at "Wait" and will finish in the next Echelon to run on this data dir \(`echelon serve` or the desktop app; none is running now\)/);
    expect(json<{ status: string }>((await cli(dir, 'executions', 'show', '1', '--json')).stdout).status).toBe('waiting');

    serve = await startServe(dir);
    const api = await connectApi(serve);
    try {
      await waitFor(async () => (await api.call('executions.get', { id: 1 })).status === 'succeeded', { timeoutMs: 60_000, what: 'serve to finish the waiting run' });
    } finally {
      api.close();
    }
  });

  it('reports each attempt of a retried execution with its own time, and the total apart', CLI_TEST, async () => {
    const dir = tempDir();
    const file = write(dir, 'fail.json', failing());
    const first = await cli(dir, 'workflow', 'run', file);
    expect(first.status).toBe(1);
    expect(first.stdout).toContain('Error: kaboom (at "Boom")');
    expect(first.stdout + first.stderr).not.toContain('Error: Error');
    expect(first.stderr).toBe('Imported fail.json as a new workflow, wf-fail.\nechelon: Execution 1 failed: kaboom\n');

    const retried = await cli(dir, 'executions', 'retry', '1');
    expect(retried.status).toBe(1);
    expect(retried.stdout).toMatch(/^Execution 1 failed in [\d.]+ m?s \(workflow "Fail" v1\)\nAttempts: 1 failed in [\d.]+ m?s · 2 failed in [\d.]+ m?s · [\d.]+ m?s since the first began\n/);
    const shown = json<{ attempt: number; durationMs: number; totalMs: number; attempts: Array<{ attempt: number; status: string; durationMs: number }> }>((await cli(dir, 'executions', 'show', '1', '--json')).stdout);
    expect(shown.attempts.map((attempt) => [attempt.attempt, attempt.status])).toEqual([
      [1, 'failed'],
      [2, 'failed'],
    ]);
    expect(shown.attempt).toBe(2);
    expect(shown.durationMs).toBe(shown.attempts[1]!.durationMs);
    expect(shown.totalMs).toBeGreaterThanOrEqual(shown.attempts[0]!.durationMs + shown.attempts[1]!.durationMs);
  });
});

/** A step that reads the vault record API_TOKEN. */
const secretFlow = (): WorkflowDocument => ({
  ...chain('Secret', [node('manual.trigger', {}, { id: 'start', name: 'Start' }), node('transform.edit', { fields: [{ name: 'matches', value: "{{ secrets.API_TOKEN === 'tok-0123456789' }}" }] }, { id: 'use', name: 'Use' })]),
  id: 'wf-secret',
});

/** A vault (locked once this returns) holding API_TOKEN. */
async function vaultWithToken(dir: string): Promise<void> {
  const host = await openUnlockedHost(dir);
  host.vault.set({ name: 'API_TOKEN', value: { kind: 'secret', value: 'tok-0123456789' } }, { kind: 'user', id: 'test' });
  await host.dispose();
}

describe('echelon workflow run and the vault', () => {

  it('unlocks with ECHELON_VAULT_PASSPHRASE, or asks on a terminal; without either the step says the vault is locked', CLI_TEST, async () => {
    const dir = tempDir();
    await vaultWithToken(dir);
    const file = write(dir, 'secret.json', secretFlow());

    const locked = await cli(dir, 'workflow', 'run', file);
    expect(locked.status).toBe(1);
    expect(locked.stdout).toMatch(/vault is locked/i);
    const unlocked = await runCliAsync(['--data-dir', dir, 'workflow', 'run', file], { env: { ECHELON_VAULT_PASSPHRASE: PASSPHRASE } });
    expect(unlocked.status).toBe(0);
    expect(unlocked.stdout).toContain('"matches": true');

    // `script` gives the CLI a pseudo-terminal: it asks, without echo, and the run succeeds.
    const child = spawn('script', ['-qec', `${process.execPath} ${CLI} workflow run ${file} --data-dir ${dir}`, '/dev/null'], { cwd: REPO, env: { ...process.env, ECHELON_VAULT_PASSPHRASE: '' } });
    let screen = '';
    child.stdout.on('data', (chunk: Buffer) => (screen += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    await waitFor(() => screen.includes('Vault passphrase'), { timeoutMs: 60_000, what: 'the passphrase prompt' });
    child.stdin.write(`${PASSPHRASE}\r`);
    expect(await exited).toBe(0);
    expect(screen).toContain('"matches": true');
    expect(screen).not.toContain(PASSPHRASE);
  });
});

describe('echelon workflow run with `echelon serve` running', () => {
  it('runs in serve (its journal, its executions), retries and cancels there, and unlocks its vault when asked to', CLI_TEST, async () => {
    const dir = tempDir();
    await addEverything(dir);
    await vaultWithToken(dir);
    serve = await startServe(dir);
    const api = await connectApi(serve);
    try {
      const run = await cli(dir, 'workflow', 'run', write(dir, 'echo.json', echoFlow('served', 0)), '--input', '{"name":"Ada"}');
      expect(run.status).toBe(0);
      expect(run.stderr).toContain(`Sent to the Echelon already running on this data dir (pid ${serve.child.pid}).`);
      expect(run.stdout).toContain('Echo: served Ada');
      // It ran in serve: serve's engine has it, and serve started the server on demand and keeps it.
      expect((await api.call('executions.list', { limit: 5 })).items).toEqual([expect.objectContaining({ id: 1, status: 'succeeded', workflowName: 'Echo' })]);
      expect((await api.call('mcp.servers.get', { name: 'everything' })).runtime.status).toBe('running');

      const failed = await cli(dir, 'workflow', 'run', write(dir, 'fail.json', failing()));
      expect(failed.status).toBe(1);
      const retried = await cli(dir, 'executions', 'retry', '2');
      expect(retried.status).toBe(1);
      expect(retried.stdout).toContain('Attempts: 1 failed');
      expect((await api.call('executions.get', { id: 2 })).attempt).toBe(2);

      const queued = await cli(dir, 'workflow', 'run', write(dir, 'slow.json', { ...echoFlow('slow', 600), id: 'wf-slow', name: 'Slow' }), '--no-wait');
      expect(queued).toMatchObject({ status: 0, stdout: '3\n' });
      expect(queued.stderr).toContain('Execution 3 is queued and will finish in the Echelon already running on this data dir');
      await waitFor(async () => (await api.call('executions.get', { id: 3 })).status === 'waiting', { timeoutMs: 30_000, what: 'the slow run to wait' });
      expect(await cli(dir, 'executions', 'cancel', '3')).toMatchObject({ status: 0, stdout: 'Execution 3 cancelled.\n' });
      expect((await api.call('executions.get', { id: 3 })).status).toBe('cancelled');

      expect((await api.call('vault.status', {})).state).toBe('locked');
      const secret = await runCliAsync(['--data-dir', dir, 'workflow', 'run', write(dir, 'secret.json', secretFlow())], { env: { ECHELON_VAULT_PASSPHRASE: PASSPHRASE } });
      expect(secret.status).toBe(0);
      expect((await api.call('vault.status', {})).state).toBe('unlocked');
    } finally {
      api.close();
    }
    await serve.stop();
    serve = undefined;
    expect(serversOf(dir)).toEqual([]);
  });

  it('follows workflows another process imports: a new webhook answers without a restart', CLI_TEST, async () => {
    const dir = tempDir();
    serve = await startServe(dir);
    const api = await connectApi(serve);
    try {
      const { baseUrl } = await api.call('workflows.webhooks', {});
      expect(baseUrl).toBeDefined();
      const url = `${baseUrl}hello-from-elsewhere`;
      expect((await fetch(url, { method: 'POST' })).status).toBe(404);
      // Another process writes to the same database (as the CLI did before it talked to serve, or a second Echelon).
      const other = createHost({ shell: 'cli', dataDir: dir, preferences: new MemoryKeyValueStore() });
      other.engine.workflows.save({ document: chain('Elsewhere', [node('webhook.trigger', { path: 'hello-from-elsewhere', method: 'POST', respond: 'lastNode' }, { id: 'hook', name: 'Hook' }), node('transform.edit', { fields: [{ name: 'seen', value: true }] }, { id: 'mark', name: 'Mark' })]) });
      await other.dispose();
      const answered = await waitFor(async () => {
        const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
        return response.status === 200 ? ((await response.json()) as { seen: boolean }) : undefined;
      }, { timeoutMs: 20_000, what: 'the webhook to answer' });
      expect(answered).toMatchObject({ seen: true });
    } finally {
      api.close();
    }
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI_TEST, runCli } from '../helpers/cli';
import { disposeHosts, engineHost } from '../helpers/engine';
import { tempDir } from '../helpers/temp-dir';

const FIXTURES = path.join(import.meta.dirname, '../fixtures/n8n');

function write(dir: string, name: string, value: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}

const node = (id: string, type: string, parameters: Record<string, unknown> = {}) => ({ id, type, typeVersion: '1.0.0', name: id, position: { x: 0, y: 0 }, parameters });
const chain = (name: string, nodes: ReturnType<typeof node>[]) => ({
  schemaVersion: 1,
  name,
  nodes,
  edges: nodes.slice(1).map((to, i) => ({ from: { node: nodes[i]!.id, output: 'main' }, to: { node: to.id, input: 'main' } })),
});

afterEach(disposeHosts);

describe('echelon workflow / executions CLI', CLI_TEST, () => {
  it('validates a file: exit 0 when valid, exit 2 listing every problem', () => {
    const dir = tempDir();
    const good = write(dir, 'good.json', chain('Good', [node('start', 'manual.trigger'), node('x', 'no-op.pass')]));
    expect(runCli(['workflow', 'validate', good, '--data-dir', dir])).toMatchObject({ status: 0, stdout: `${good}: valid.\n` });
    const bad = write(dir, 'bad.json', chain('Bad', [node('start', 'manual.trigger'), node('h', 'http-request.send'), node('u', 'nope.node')]));
    const result = runCli(['workflow', 'validate', bad, '--data-dir', dir]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('needs the parameter "url"');
    expect(result.stderr).toContain('Unknown node type "nope.node"');
    expect(runCli(['workflow', 'validate', path.join(dir, 'missing.json'), '--data-dir', dir]).status).toBe(2);
    const json = JSON.parse(runCli(['workflow', 'validate', bad, '--json', '--data-dir', dir]).stdout);
    expect(json.problems.map((problem: { nodeId?: string }) => problem.nodeId)).toEqual(expect.arrayContaining(['h', 'u']));
  });

  it('imports an n8n export (listing unsupported nodes), exports it back losslessly', () => {
    const dir = tempDir();
    const imported = runCli(['workflow', 'import', path.join(FIXTURES, 'unsupported.json'), '--data-dir', dir]);
    expect(imported.status).toBe(0);
    const id = imported.stdout.trim();
    expect(id).toMatch(/^wf-[0-9a-f]{12}$/);
    expect(imported.stderr).toContain('  - Slack (n8n-nodes-base.mattermost)\n      Echelon has no Mattermost integration yet: call the Mattermost API with an HTTP request node');
    const exported = runCli(['workflow', 'export', id, '--data-dir', dir]);
    expect(exported.status).toBe(0);
    const document = JSON.parse(exported.stdout);
    expect(document).toMatchObject({ id, name: 'Post to Slack', schemaVersion: 1 });
    const file = write(dir, 'export.json', exported.stdout);
    expect(runCli(['workflow', 'import', file, '--data-dir', dir]).stdout.trim()).toBe(id);
    expect(runCli(['workflow', 'export', id, '--data-dir', dir]).stdout).toBe(exported.stdout);
    expect(runCli(['workflow', 'export', id, '--saved-version', '1', '--data-dir', dir]).stdout).toBe(exported.stdout);
    expect(runCli(['workflow', 'export', 'wf-nope', '--data-dir', dir])).toMatchObject({ status: 1, stderr: expect.stringContaining('No workflow "wf-nope"') });
    const run = runCli(['workflow', 'run', id, '--data-dir', dir]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('"Slack" (n8n-nodes-base.mattermost)');
  });

  it('says, per unmapped n8n node, what would make it run: the integration to connect, the node to replace it with', () => {
    const dir = tempDir();
    const nodes = [
      { id: 'a', name: 'On push', type: 'n8n-nodes-base.githubTrigger', typeVersion: 1, position: [0, 0], parameters: { events: ['push'] } },
      { id: 'b', name: 'Py', type: 'n8n-nodes-base.code', typeVersion: 2, position: [200, 0], parameters: { language: 'python', pythonCode: 'return _input.all()' } },
      { id: 'c', name: 'Join', type: 'n8n-nodes-base.merge', typeVersion: 3, position: [400, 0], parameters: { mode: 'combineBySql', query: 'SELECT * FROM input1' } },
    ];
    const file = write(dir, 'report.json', JSON.stringify({ name: 'Report', nodes, connections: { 'On push': { main: [[{ node: 'Py', type: 'main', index: 0 }]] }, Py: { main: [[{ node: 'Join', type: 'main', index: 0 }]] } } }));
    const imported = runCli(['workflow', 'import', file, '--data-dir', dir]);
    expect(imported.status).toBe(0);
    expect(imported.stderr).toContain('What would make each run:');
    expect(imported.stderr).toContain('  - On push (n8n-nodes-base.githubTrigger)\n      Connect the GitHub integration (Integrations page) and start the workflow with its trigger in place of this node.');
    expect(imported.stderr).toMatch(/ {2}- Py \(n8n-nodes-base\.code\)\n {6}"Py" is Python code, which Echelon does not run .*rewrite it in JavaScript in a Code step/);
    expect(imported.stderr).toMatch(/ {2}- Join \(n8n-nodes-base\.merge\)\n {6}Echelon's Merge node does not cover this one's settings \(mode "combineBySql"\)/);
    const json = JSON.parse(runCli(['workflow', 'import', file, '--json', '--data-dir', dir]).stdout) as { unsupported: Array<{ name: string; remedy: string }> };
    expect(json.unsupported.map((node) => node.name)).toEqual(['On push', 'Py', 'Join']);
    expect(json.unsupported.every((node) => node.remedy.length > 20)).toBe(true);
  });

  it('runs a file to completion and prints status, steps and output; exit 1 when it fails', () => {
    const dir = tempDir();
    const file = write(dir, 'greet.json', chain('Greet', [node('start', 'manual.trigger'), node('hello', 'transform.edit', { fields: [{ name: 'greeting', value: 'Hello {{ $json.name }}' }] })]));
    const text = runCli(['workflow', 'run', file, '--input', '{"name":"Ada"}', '--data-dir', dir]);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/^Execution 1 succeeded in \d+ ms \(workflow "Greet" v1\)/);
    expect(text.stdout).toMatch(/2\s+hello\s+succeeded\s+attempt 1/);
    expect(text.stdout).toContain('"greeting": "Hello Ada"');
    const json = JSON.parse(runCli(['workflow', 'run', file, '--input', '{"name":"Grace"}', '--json', '--data-dir', dir]).stdout);
    expect(json).toMatchObject({ status: 'succeeded', steps: [{ nodeId: 'start', status: 'succeeded', attempt: 1 }, { nodeId: 'hello', status: 'succeeded', attempt: 1 }] });
    expect(json.output.value[0].json).toEqual({ name: 'Grace', greeting: 'Hello Grace' });
    expect(runCli(['workflow', 'run', file, '--input', '{bad', '--data-dir', dir]).status).toBe(2);

    const failing = write(dir, 'fail.json', chain('Fail', [node('start', 'manual.trigger'), node('boom', 'code.run', { code: 'throw new Error("kaboom")' })]));
    const failed = runCli(['workflow', 'run', failing, '--data-dir', dir]);
    expect(failed.status).toBe(1);
    expect(failed.stdout).toContain('Error: kaboom (at "boom")');
    expect(failed.stdout).not.toContain('Error: Error');
    expect(failed.stderr).toContain('failed: kaboom');

    const list = JSON.parse(runCli(['executions', 'list', '--json', '--data-dir', dir]).stdout);
    expect(list.items.map((item: { status: string }) => item.status)).toEqual(['failed', 'succeeded', 'succeeded']);
    const failedId = list.items[0].id;
    expect(JSON.parse(runCli(['executions', 'list', '--dead-letter', '--json', '--data-dir', dir]).stdout).items).toHaveLength(1);
    expect(runCli(['executions', 'show', String(failedId), '--data-dir', dir]).stdout).toContain(`Execution ${failedId} failed`);
    const retried = runCli(['executions', 'retry', String(failedId), '--data-dir', dir]);
    expect(retried.status).toBe(1);
    expect(retried.stdout).toMatch(/boom\s+failed\s+attempt 2/);
    expect(runCli(['executions', 'show', 'abc', '--data-dir', dir]).status).toBe(2);
    expect(runCli(['executions', 'show', '999', '--data-dir', dir])).toMatchObject({ status: 1, stderr: expect.stringContaining('No execution 999') });
  });

  it('cancels a queued execution', async () => {
    const dir = tempDir();
    const host = await engineHost({ dataDir: dir });
    const { id } = host.engine.workflows.save({ document: chain('Later', [node('start', 'manual.trigger')]) as never });
    const { row } = await host.engine.run({ workflowId: id, runAt: Date.now() + 3_600_000 });
    await host.engine.persisted();
    await disposeHosts();
    const cancelled = runCli(['executions', 'cancel', String(row.id), '--data-dir', dir]);
    expect(cancelled).toMatchObject({ status: 0, stdout: `Execution ${row.id} cancelled.\n` });
    expect(JSON.parse(runCli(['executions', 'show', String(row.id), '--json', '--data-dir', dir]).stdout).status).toBe('cancelled');
    expect(runCli(['executions', 'cancel', String(row.id), '--data-dir', dir])).toMatchObject({ status: 1, stderr: expect.stringContaining('already cancelled') });
  });

  it('has --help for every workflow and executions command', () => {
    for (const args of [['workflow', '--help'], ['workflow', 'run', '--help'], ['workflow', 'validate', '--help'], ['workflow', 'import', '--help'], ['workflow', 'export', '--help'], ['executions', '--help'], ['executions', 'list', '--help'], ['executions', 'show', '--help'], ['executions', 'retry', '--help'], ['executions', 'cancel', '--help']]) {
      const result = runCli(args);
      expect(result.status, args.join(' ')).toBe(0);
      expect(result.stdout).toContain('Usage: echelon');
    }
  });
});

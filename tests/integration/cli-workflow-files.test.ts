import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_TEST, runCliAsync } from '../helpers/cli';
import { EVERYTHING } from '../helpers/mcp-servers';
import { runningWith } from '../helpers/processes';
import { tempDir } from '../helpers/temp-dir';

/** Workflow files from the CLI: import and version semantics, validation, limits, starters, node types. */

const cli = (dir: string, ...args: string[]) => runCliAsync(['--data-dir', dir, ...args]);
const json = <T>(text: string) => JSON.parse(text) as T;

function write(dir: string, name: string, value: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}

/** An n8n export as n8n writes it: instance-local ids ("1", "2"...), nodes connected by name. */
function n8nExport(name: string, id: string, setValue = 'x') {
  return {
    id,
    name,
    nodes: [
      { id: 'a1', name: 'When clicking', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
      { id: 'a2', name: 'Set value', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [220, 0], parameters: { assignments: { assignments: [{ name: 'value', value: setValue, type: 'string' }] } } },
    ],
    connections: { 'When clicking': { main: [[{ node: 'Set value', type: 'main', index: 0 }]] } },
  };
}

describe('echelon workflow import', () => {
  it('keeps one workflow per n8n workflow: same id and name is a new version only when changed, a colliding id is a new workflow', CLI_TEST, async () => {
    const dir = tempDir();
    const first = await cli(dir, 'workflow', 'import', write(dir, 'a.json', n8nExport('Invoices', '1')), '--json');
    const a = json<{ id: string; version: number; outcome: string }>(first.stdout);
    expect(a).toMatchObject({ version: 1, outcome: 'created' });

    // Re-importing the unchanged export changes nothing.
    const again = await cli(dir, 'workflow', 'import', path.join(dir, 'a.json'));
    expect(again.stdout).toBe(`${a.id}\n`);
    expect(again.stderr).toBe(`a.json is already version 1 of ${a.id}: nothing changed.\n`);

    // Another n8n instance's workflow "1": a new workflow, with a note saying how to replace instead.
    const other = await cli(dir, 'workflow', 'import', write(dir, 'b.json', n8nExport('Onboarding', '1')));
    const b = other.stdout.trim();
    expect(b).not.toBe(a.id);
    expect(other.stderr).toContain(`note: The workflow with n8n id 1 here is "Invoices", not "Onboarding": imported as a new workflow. To make it a new version of "Invoices" instead, import it with --replace ${a.id}.`);

    // The same workflow, edited in n8n: its next version.
    const edited = await cli(dir, 'workflow', 'import', write(dir, 'a.json', n8nExport('Invoices', '1', 'y')));
    expect(edited.stderr).toContain(`a.json changed: saved as version 2 of ${a.id}.`);
    const replaced = await cli(dir, 'workflow', 'import', path.join(dir, 'b.json'), '--replace', a.id);
    expect(replaced.stdout).toBe(`${a.id}\n`);
    expect(replaced.stderr).toContain(`saved as version 3 of ${a.id}.`);

    const list = json<Array<{ id: string; version: number; name: string }>>((await cli(dir, 'workflow', 'list', '--json')).stdout);
    expect(list.map((item) => [item.id, item.version])).toEqual(expect.arrayContaining([[a.id, 3], [b, 1]]));
    expect(list).toHaveLength(2);
  });

  it('names a nameless n8n node instead of crashing, and refuses empty and oversized files with one message', CLI_TEST, async () => {
    const dir = tempDir();
    const nameless = n8nExport('Nameless', '7');
    delete (nameless.nodes[1] as { name?: string }).name;
    const imported = await cli(dir, 'workflow', 'import', write(dir, 'nameless.json', nameless));
    expect(imported.status).toBe(0);
    expect(imported.stderr).toContain('note: Node 2 (n8n-nodes-base.set) has no name in the export: it is called "Node 2" here');
    expect(imported.stderr).not.toContain('toLowerCase');

    const empty = write(dir, 'empty.json', '  \n');
    for (const command of ['validate', 'import', 'run']) {
      const result = await cli(dir, 'workflow', command, empty);
      expect(result, command).toMatchObject({ status: 2, stderr: `echelon: ${empty}: The file is empty: a workflow file holds one JSON document.\n` });
    }

    const huge = write(dir, 'huge.json', `{"name":"big","pad":"${'x'.repeat(9 * 1024 * 1024)}"}`);
    const validated = await cli(dir, 'workflow', 'validate', huge);
    const importedHuge = await cli(dir, 'workflow', 'import', huge);
    expect(validated).toMatchObject({ status: 2, stderr: `echelon: ${huge}: The file is 9.0 MiB: workflow files are limited to 8 MiB.\n` });
    expect(importedHuge).toEqual(validated);
  });

  it('lists every problem of a document whose one node is malformed', CLI_TEST, async () => {
    const dir = tempDir();
    const document = {
      schemaVersion: 1,
      name: 'Broken',
      nodes: [
        { id: 'start', type: 'manual.trigger', typeVersion: '1.0.0', name: 'Start', position: { x: 0, y: 0 }, parameters: {} },
        { id: 'bad', type: 'Not A Type!', typeVersion: '1.0.0', name: 'Bad', position: { x: 0, y: 0 }, parameters: {} },
        { id: 'http', type: 'http-request.send', typeVersion: '1.0.0', name: 'Fetch', position: { x: 0, y: 0 }, parameters: {} },
        { id: 'ghost', type: 'nope.node', typeVersion: '1.0.0', name: 'Ghost', position: { x: 0, y: 0 }, parameters: {} },
      ],
      edges: [
        { from: { node: 'start', output: 'main' }, to: { node: 'bad', input: 'main' } },
        { from: { node: 'start', output: 'main' }, to: { node: 'http', input: 'main' } },
        { from: { node: 'start', output: 'main' }, to: { node: 'missing', input: 'main' } },
      ],
    };
    const result = await cli(dir, 'workflow', 'validate', write(dir, 'broken.json', document), '--json');
    expect(result.status).toBe(2);
    const problems = json<{ problems: Array<{ code: string; nodeId?: string; path: string }> }>(result.stdout).problems;
    expect(problems.map((problem) => [problem.code, problem.nodeId ?? problem.path])).toEqual(
      expect.arrayContaining([
        ['invalid_document', 'bad'],
        ['missing_parameter', 'http'],
        ['unknown_type', 'ghost'],
        ['dangling_edge', 'edges.2.to.node'],
      ]),
    );
    // The malformed node is reported once, not as a dangling edge too.
    expect(problems.filter((problem) => problem.path.startsWith('edges.0'))).toEqual([]);
  });
});

describe('discovering the format from the CLI', () => {
  it('lists every node type the canvas offers, and shows one with its schema, outputs and an example', CLI_TEST, async () => {
    const dir = tempDir();
    const listed = json<Array<{ type: string; parameters: object }>>((await cli(dir, 'node-types', 'list', '--json')).stdout);
    const plugins = fs.readdirSync(path.join(import.meta.dirname, '../../integrations'));
    // Every integration folder contributes at least one type, and the list is the catalog the canvas reads.
    for (const plugin of plugins) expect(listed.some((info) => info.type.startsWith(`${plugin}.`)), plugin).toBe(true);
    expect(listed.map((info) => info.type)).toEqual(expect.arrayContaining(['manual.trigger', 'webhook.trigger', 'http-request.send', 'mcp-tool.call', 'code.run', 'delay.wait']));

    const shown = await cli(dir, 'node-types', 'show', 'delay.wait');
    expect(shown.status).toBe(0);
    expect(shown.stdout).toContain('Outputs: main');
    expect(shown.stdout).toContain('"unit"');
    const example = json<{ example: { type: string; parameters: Record<string, unknown> } }>((await cli(dir, 'node-types', 'show', 'delay.wait', '--json')).stdout).example;
    expect(example).toMatchObject({ type: 'delay.wait', typeVersion: '1.0.0', parameters: { mode: 'interval', amount: 1, unit: 'seconds' } });
    const unknown = await cli(dir, 'node-types', 'show', 'http');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('Did you mean http-request.send');
  });

  it('writes starter workflows, for each trigger, that validate and run', CLI_TEST, async () => {
    const dir = tempDir();
    for (const trigger of ['manual', 'webhook', 'schedule']) {
      const file = path.join(dir, `${trigger}.echelon.json`);
      const written = await runCliAsync(['--data-dir', dir, 'workflow', 'new', `My ${trigger}`, '--trigger', trigger, '--output', file]);
      expect(written, trigger).toMatchObject({ status: 0, stdout: `${file}\n` });
      expect(await cli(dir, 'workflow', 'validate', file), trigger).toMatchObject({ status: 0, stdout: `${file}: valid.\n` });
    }
    expect((await cli(dir, 'workflow', 'new', 'My manual', '--output', path.join(dir, 'manual.echelon.json'))).status).toBe(2);
    const ran = await cli(dir, 'workflow', 'run', path.join(dir, 'manual.echelon.json'), '--input', '{"name":"Ada"}');
    expect(ran.status).toBe(0);
    expect(ran.stdout).toContain('"greeting": "Hello Ada"');
  });
});

describe('the first hour, small things', () => {
  it('refuses an empty --data-dir or ECHELON_DATA_DIR with exit 2', CLI_TEST, async () => {
    expect(await runCliAsync(['status', '--data-dir', ''])).toMatchObject({ status: 2, stderr: expect.stringContaining('--data-dir is empty') });
    expect(await runCliAsync(['status'], { env: { ECHELON_DATA_DIR: '' } })).toMatchObject({ status: 2, stderr: expect.stringContaining('ECHELON_DATA_DIR is set but empty') });
  });

  it('says in `vault status` whether ECHELON_VAULT_PASSPHRASE opens the vault', CLI_TEST, async () => {
    const dir = tempDir();
    expect((await runCliAsync(['--data-dir', dir, 'vault', 'init'], { env: { ECHELON_VAULT_PASSPHRASE: 'right passphrase' } })).status).toBe(0);
    const right = await runCliAsync(['--data-dir', dir, 'vault', 'status'], { env: { ECHELON_VAULT_PASSPHRASE: 'right passphrase' } });
    expect(right.stdout).toMatch(/Vault\s+locked\nPassphrase\s+ECHELON_VAULT_PASSPHRASE is set and opens it: commands unlock the vault with it/);
    const wrong = await runCliAsync(['--data-dir', dir, 'vault', 'status', '--json'], { env: { ECHELON_VAULT_PASSPHRASE: 'wrong passphrase' } });
    expect(json<{ state: string; passphraseFromEnvironment: { set: boolean; opens: boolean } }>(wrong.stdout)).toMatchObject({ state: 'locked', passphraseFromEnvironment: { set: true, opens: false } });
  });

  it('runs an MCP server added with a relative path from the directory it was added in, and quotes the cause when it cannot start', CLI_TEST, async () => {
    const dir = tempDir();
    const serverDir = path.dirname(EVERYTHING);
    const add = (...args: string[]) => runCliAsync(['--data-dir', dir, 'mcp', 'add', ...args], { cwd: serverDir });
    expect((await add('relative', '--', process.execPath, `./${path.basename(EVERYTHING)}`, 'stdio', dir)).status).toBe(0);
    const started = await cli(dir, 'mcp', 'call', 'relative', 'echo', '--args', '{"message":"from a relative path"}');
    expect(started).toMatchObject({ status: 0, stdout: 'Echo: from a relative path\n' });
    expect(runningWith(dir).filter((proc) => proc.cmdline.includes(path.basename(EVERYTHING)))).toEqual([]);

    expect((await add('missing', '--', process.execPath, './no-such-server.js')).status).toBe(0);
    const failed = await cli(dir, 'mcp', 'start', 'missing');
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain(`It said: "Error: Cannot find module '${path.join(serverDir, 'no-such-server.js')}'"`);
    expect(failed.stderr).toContain('`echelon mcp logs missing`');
    expect(failed.stderr).not.toMatch(/Node\.js v\d|requireStack|^\{/m);
    // Every line is a sentence from the CLI, never a raw JSON log line.
    for (const line of failed.stderr.trim().split('\n')) expect(line).toMatch(/^echelon: /);
  });
});

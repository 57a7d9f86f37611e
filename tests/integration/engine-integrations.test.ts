import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { McpNotification, McpToolCall, SecretSource } from '../../electron/main/services/engine/ports';
import { bundledPluginSources, type PluginSources } from '../../electron/main/services/registry/plugin-registry';
import { definePlugin } from '../../shared/integrations/manifest';
import { toDisposable } from '../../shared/lifecycle/disposable';
import type { WorkflowDocument } from '../../shared/workflow/document';
import { waitUntil } from '../helpers/api';
import { chain, countingServer, disposeHosts, engineHost, manualStart as start, node, runToEnd } from '../helpers/engine';
import { tempDir } from '../helpers/temp-dir';

afterEach(disposeHosts);

describe('MCP, notifications and other workflows', () => {
  it('calls MCP tools through the supervisor port with arguments from expressions', async () => {
    const calls: McpToolCall[] = [];
    const host = await engineHost({
      enginePorts: {
        mcp: {
          callTool: async (call) => {
            calls.push(call);
            if (call.tool === 'broken') return { content: [{ type: 'text', text: 'no such repo' }], isError: true };
            return { content: [{ type: 'text', text: `found ${String(call.args.query)}` }], structuredContent: { hits: 2 } };
          },
        },
      },
    });
    const detail = await runToEnd(host, chain('Search', [start(), node('mcp-tool.call', { server: 'github', tool: 'search', arguments: { query: '{{ $json.q }}', limit: 5 } }, { id: 'mcp', name: 'MCP' })]), { q: 'echelon' });
    expect(detail.status).toBe('succeeded');
    expect(calls[0]).toMatchObject({ server: 'github', tool: 'search', args: { query: 'echelon', limit: 5 }, caller: { kind: 'workflow', executionId: detail.id, nodeId: 'mcp' } });
    expect(detail.output.value).toEqual([{ json: { content: [{ type: 'text', text: 'found echelon' }], structuredContent: { hits: 2 } }, pairedItem: { item: 0 } }]);
    const failed = await runToEnd(host, chain('Broken', [start(), node('mcp-tool.call', { server: 'github', tool: 'broken' }, { id: 'mcp', name: 'MCP' })]));
    expect(failed.error?.message).toBe('github/broken returned an error: no such repo');
  });

  it('starts workflows on MCP notifications, on another workflow\'s completion, and shows notifications', async () => {
    let emit: ((notification: McpNotification) => void) | undefined;
    const host = await engineHost({ enginePorts: { mcpNotifications: { subscribe: (listener) => ((emit = listener), toDisposable(() => (emit = undefined))) } } });
    const watched = host.engine.workflows.save({ document: chain('Watched', [start(), node('transform.edit', { fields: [{ name: 'done', value: true }] }, { id: 't', name: 'T' })]) });
    const follower = host.engine.workflows.save({
      document: chain('Follower', [node('workflow-completed.trigger', { workflowId: watched.id, statuses: ['succeeded'] }, { id: 'w', name: 'When done' }), node('notification.show', { title: 'Finished {{ $json.workflowName }}', body: 'status {{ $json.status }}' }, { id: 'n', name: 'Notify' })]),
    });
    const onNotification = host.engine.workflows.save({ document: chain('On resource change', [node('mcp-notification.trigger', { server: 'files', method: 'notifications/resources/*' }, { id: 'm', name: 'M' })]) });
    // Listeners follow saves made while the engine runs.
    const { row } = await host.engine.run({ workflowId: watched.id });
    await host.engine.waitFor(row.id);
    const followed = await waitUntil(() => host.engine.list({ workflowId: follower.id, limit: 5 }).items.find((item) => item.status === 'succeeded'), 5000, 'the follower');
    expect(host.engine.detail(followed.id).trigger).toBe('workflow');
    expect(host.activity.list(10).map((entry) => entry.message)).toContain(`Finished Watched — status succeeded (workflow Follower)`);

    emit!({ server: 'files', method: 'notifications/resources/updated', params: { uri: 'file:///a' } });
    emit!({ server: 'other', method: 'notifications/resources/updated' });
    const notified = await waitUntil(() => host.engine.list({ workflowId: onNotification.id, limit: 5 }).items.find((item) => item.status === 'succeeded'), 5000, 'the notification run');
    expect(host.engine.detail(notified.id).output.value).toEqual([{ json: { server: 'files', method: 'notifications/resources/updated', params: { uri: 'file:///a' } } }]);
    expect(host.engine.list({ workflowId: onNotification.id, limit: 5 }).items).toHaveLength(1);
  });

  it('goes on with the first branch that arrives when a merge waits for the first, and waits until a time', async () => {
    const host = await engineHost();
    const document: WorkflowDocument = {
      schemaVersion: 1,
      name: 'First wins',
      nodes: [
        start(),
        node('transform.edit', { fields: [{ name: 'from', value: 'fast' }] }, { id: 'fast', name: 'Fast', position: { x: 200, y: 0 } }),
        node('delay.wait', { mode: 'until', until: new Date(Date.now() + 300).toISOString() }, { id: 'slow', name: 'Slow', position: { x: 200, y: 200 } }),
        node('merge.combine', { wait: 'first' }, { id: 'merge', name: 'Merge', position: { x: 400, y: 0 } }),
      ],
      edges: [
        { from: { node: 'start', output: 'main' }, to: { node: 'fast', input: 'main' } },
        { from: { node: 'start', output: 'main' }, to: { node: 'slow', input: 'main' } },
        { from: { node: 'fast', output: 'main' }, to: { node: 'merge', input: 'input1' } },
        { from: { node: 'slow', output: 'main' }, to: { node: 'merge', input: 'input2' } },
      ],
    };
    const started = Date.now();
    const detail = await runToEnd(host, document, { id: 1 });
    expect(detail.status).toBe('succeeded');
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    const merges = detail.steps.filter((step) => step.nodeId === 'merge');
    expect(merges).toHaveLength(1);
    expect(merges[0]!.output.value).toEqual({ main: [{ json: { id: 1, from: 'fast' }, pairedItem: { item: 0 } }] });
  });

  it('checks the manual trigger\'s input form', async () => {
    const host = await engineHost();
    const form = chain('Form', [node('manual.trigger', { fields: [{ name: 'email', type: 'string', required: true }, { name: 'count', type: 'number', default: 1 }] }, { id: 'start', name: 'Start' })]);
    const ok = await runToEnd(host, form, { email: 'a@b.c' });
    expect(ok.output.value).toEqual([{ json: { email: 'a@b.c', count: 1 } }]);
    const missing = await runToEnd(host, form, {});
    expect(missing.error?.message).toBe('The run form needs "email".');
    const wrong = await runToEnd(host, form, { email: 'a@b.c', count: 'two' });
    expect(wrong.error?.message).toContain('"count" must be a number');
  });
});

describe('recovery policies after a crash during a call', () => {
  /** A plugin whose step the process "died" during, with the recovery policy under test. */
  function registryWith(recovery: 'fail' | 'wait'): PluginSources {
    const bundled = bundledPluginSources();
    const manifest = definePlugin({
      id: 'crashy',
      name: 'Crashy',
      version: '1.0.0',
      description: 'test',
      category: 'Test',
      icon: 'bug',
      type: 'core',
      auth: [{ type: 'none' }],
      actions: [{ id: 'call', name: 'Call', description: 'test', parameters: z.object({}), sideEffects: true, recovery }],
      triggers: [],
    });
    let calls = 0;
    return {
      manifests: { ...bundled.manifests, '/t/integrations/crashy/1.0.0/manifest.ts': manifest },
      modules: { ...bundled.modules, '/t/integrations/crashy/1.0.0/plugin.ts': async () => ({ nodes: { call: { run: () => ((calls += 1), { outputs: { main: [{ json: { calls } }] } }) } } }) },
    };
  }

  /** An execution left 'running' with its call step begun: what a SIGKILL mid-call leaves behind. */
  async function interrupted(dataDir: string, plugins: PluginSources): Promise<number> {
    const host = await engineHost({ dataDir, plugins });
    const { id } = host.engine.workflows.save({ document: chain('Crashy', [start(), node('crashy.call', {}, { id: 'call', name: 'Call' })]) });
    const { row } = await host.engine.run({ workflowId: id, runAt: Date.now() + 3_600_000 });
    await host.engine.persisted();
    await disposeHosts();
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(`${dataDir}/echelon.db`);
    const now = Date.now();
    db.prepare("UPDATE executions SET status = 'running', started_at = ? WHERE id = ?").run(now, row.id);
    db.prepare(`INSERT INTO execution_steps (execution_id, seq, node_id, node_type, run_index, status, attempt, input, output, started_at)
      VALUES (?, 0, 'start', 'manual.trigger', 0, 'succeeded', 1, NULL, '{"main":[{"json":{}}]}', ?), (?, 1, 'call', 'crashy.call', 0, 'running', 1, NULL, NULL, ?)`).run(row.id, now, row.id, now);
    db.close();
    return row.id;
  }

  it('"wait" parks the run for a person, who retries it with the same key', async () => {
    const dataDir = tempDir();
    const plugins = registryWith('wait');
    const id = await interrupted(dataDir, plugins);
    const host = await engineHost({ dataDir, plugins });
    const parked = await waitUntil(() => {
      const detail = host.engine.detail(id);
      return detail.status === 'waiting' && detail.steps[1]?.status === 'waiting' ? detail : undefined;
    }, 5000, 'the run to wait for a person');
    expect(parked.steps[1]!.error?.message).toContain('check whether the call took effect');
    expect(parked.recoveries).toBe(1);
    host.engine.retry(id);
    const done = await host.engine.waitFor(id);
    expect(done.status).toBe('succeeded');
    expect(host.engine.detail(id).steps[1]).toMatchObject({ status: 'succeeded', attempt: 1, idempotencyKey: `e${id}-call-1` });
  });

  it('"fail" fails the step instead of calling again', async () => {
    const dataDir = tempDir();
    const plugins = registryWith('fail');
    const id = await interrupted(dataDir, plugins);
    const host = await engineHost({ dataDir, plugins });
    const done = await host.engine.waitFor(id);
    expect(done.status).toBe('failed');
    expect(host.engine.detail(id).error?.message).toContain('is not retried after a crash');
  });
});

describe('secrets', () => {
  it('resolves {{ secrets.NAME }} at use and keeps the value out of stored steps, errors and logs', async () => {
    const counting = await countingServer();
    counting.on('/echo', (request) => ({ status: 200, body: { seen: request.headers.authorization, query: request.query } }));
    counting.on('/deny', (request) => ({ status: 403, body: { error: `token ${String(request.headers['x-api-key'])} refused` } }));
    const value = 'sk-live-4f9c2b7e91d04a6f';
    const reads: string[] = [];
    const secrets: SecretSource = {
      exists: (name) => name === 'API_TOKEN',
      reveal: (name, _field, accessor) => {
        reads.push(`${name} by ${accessor.kind}:${accessor.id}`);
        if (name !== 'API_TOKEN') throw new Error('unknown');
        return value;
      },
    };
    const host = await engineHost({ enginePorts: { secrets } });
    const ok = await runToEnd(
      host,
      chain('Uses a secret', [
        start(),
        node('http-request.send', { url: counting.url('/echo'), headers: [{ name: 'authorization', value: 'Bearer {{ secrets.API_TOKEN }}' }], query: [{ name: 'k', value: '{{ secrets.API_TOKEN }}' }] }, { id: 'call', name: 'Call' }),
        node('code.run', { code: 'console.log("header was", $input.first().json.seen); return $input.all();' }, { id: 'log', name: 'Log' }),
      ]),
    );
    expect(ok.status).toBe('succeeded');
    expect(counting.requests[0]!.headers.authorization).toBe(`Bearer ${value}`);
    expect(reads[0]).toMatch(/^API_TOKEN by workflow:wf-/);
    const denied = await runToEnd(host, chain('Denied', [start(), node('http-request.send', { url: counting.url('/deny'), authentication: 'header', headerName: 'X-API-Key' }, { id: 'deny', name: 'Deny', credentials: { auth: { secret: 'API_TOKEN' } } })]));
    expect(denied.status).toBe('failed');
    expect(denied.error!.message).toContain('[redacted:API_TOKEN]');

    const stored = JSON.stringify(host.store.db.prepare('SELECT * FROM execution_steps').all()) + JSON.stringify(host.store.db.prepare('SELECT * FROM executions').all());
    expect(stored).not.toContain(value);
    expect(stored).toContain('[redacted:API_TOKEN]');
    const api = await host.router.call('executions.get', { id: ok.id }, { caller: 'renderer' });
    expect(JSON.stringify(api)).not.toContain(value);
    expect(JSON.stringify(await host.router.call('executions.get', { id: denied.id }, { caller: 'renderer' }))).not.toContain(value);
    const validation = await host.router.call('workflows.validate', { document: chain('Missing', [start(), node('http-request.send', { url: 'https://x', headers: [{ name: 'a', value: '{{ secrets.NOPE }}' }] }, { id: 'h', name: 'H' })]) }, { caller: 'renderer' });
    expect(validation).toMatchObject({ ok: true, data: { ok: false, problems: [{ code: 'missing_secret', nodeId: 'h' }] } });
  });
});

describe('the rest of the catalog', () => {
  it('lists every node type with its kind, ports and parameter JSON Schema for the canvas', async () => {
    const host = await engineHost();
    const catalog = host.engine.nodeTypes.catalog();
    const byType = new Map(catalog.map((info) => [info.type, info]));
    for (const type of ['manual.trigger', 'schedule.trigger', 'webhook.trigger', 'webhook.respond', 'mcp-notification.trigger', 'workflow-completed.trigger', 'error-trigger.trigger', 'mcp-tool.call', 'http-request.send', 'transform.edit', 'code.run', 'if.check', 'switch.route', 'merge.combine', 'loop.batches', 'delay.wait', 'sub-workflow.execute', 'notification.show', 'no-op.pass']) {
      expect(byType.has(type), type).toBe(true);
    }
    expect(byType.get('manual.trigger')).toMatchObject({ kind: 'trigger', inputs: [], outputs: ['main'] });
    expect(byType.get('if.check')).toMatchObject({ kind: 'control', outputs: ['true', 'false'] });
    expect(byType.get('merge.combine')).toMatchObject({ inputs: ['input1', 'input2'] });
    expect(byType.get('switch.route')).toMatchObject({ dynamicOutputs: true });
    expect(byType.get('http-request.send')).toMatchObject({ sideEffects: true, recovery: 'retry', credentials: [{ name: 'auth', required: false }] });
    expect(byType.get('http-request.send')!.parameters).toMatchObject({ type: 'object', properties: { url: { type: 'string' } }, required: ['url'] });
    const api = await host.router.call('workflows.nodeTypes', {}, { caller: 'renderer' });
    expect(api.ok).toBe(true);
  });

  it('runs an API integration\'s action through the integrations layer', async () => {
    const bundled = bundledPluginSources();
    const github = definePlugin({
      id: 'github',
      name: 'GitHub',
      version: '1.0.0',
      description: 'test',
      category: 'Dev',
      icon: 'github',
      type: 'api',
      auth: [{ type: 'bearer' }],
      actions: [{ id: 'createIssue', name: 'Create issue', description: 'test', parameters: z.object({ title: z.string() }) }],
      triggers: [],
    });
    const calls: unknown[] = [];
    const host = await engineHost({
      plugins: { manifests: { ...bundled.manifests, '/t/integrations/github/1.0.0/manifest.ts': github }, modules: bundled.modules },
      enginePorts: { integrations: { runAction: async (call) => (calls.push(call), { number: 42, title: call.parameters.title }) } },
    });
    const detail = await runToEnd(host, chain('Issue', [start(), node('github.createIssue', { title: 'Bug {{ $json.n }}' }, { id: 'gh', name: 'GH', connection: 'github-work' })]), { n: 7 });
    expect(detail.output.value).toEqual([{ json: { number: 42, title: 'Bug 7' }, pairedItem: { item: 0 } }]);
    expect(calls[0]).toMatchObject({ plugin: 'github', version: '1.0.0', action: 'createIssue', parameters: { title: 'Bug 7' }, connectionId: 'github-work', idempotencyKey: `e${detail.id}-gh-1` });
  });

  it('keeps binary answers in files referenced from the item', async () => {
    const counting = await countingServer();
    counting.on('/logo.png', () => ({ status: 200, body: 'PNGDATA', headers: { 'content-type': 'image/png' } }));
    const host = await engineHost();
    const detail = await runToEnd(host, chain('Download', [start(), node('http-request.send', { url: counting.url('/logo.png') }, { id: 'get', name: 'Get' })]));
    const item = (detail.output.value as Array<{ json: object; binary: { data: { file: string; mimeType: string; fileSize: number } } }>)[0]!;
    expect(item.binary.data).toMatchObject({ mimeType: 'image/png', fileSize: 9 });
    const fs = await import('node:fs');
    expect(fs.readFileSync(`${host.info.dataDir}/payloads/${item.binary.data.file}`, 'utf8')).toBe('"PNGDATA"');
  });

  it('runs one engine per data dir: a second process is refused while the first holds it', async () => {
    const dataDir = tempDir();
    await engineHost({ dataDir });
    const { createHost } = await import('../../electron/main/services/host');
    const { MemoryKeyValueStore } = await import('../../electron/main/services/preferences/preferences-service');
    const second = createHost({ shell: 'cli', dataDir, preferences: new MemoryKeyValueStore() });
    try {
      // The lease row names this very process, so pretend it is another, live one.
      second.store.db.prepare('UPDATE engine_lease SET pid = ?').run(process.ppid);
      await expect(second.engine.start({ owner: 'cli' })).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('already running in another Echelon process') });
    } finally {
      await second.dispose();
    }
  });
});

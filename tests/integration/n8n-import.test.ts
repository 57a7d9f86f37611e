import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExecutionDetail } from '../../shared/contract/executions';
import { CountingServer } from '../helpers/counting-server';
import { disposeHosts, engineHost } from '../helpers/engine';

/**
 * n8n exports covering every mapped node type, run end to end. Expected outputs follow n8n's
 * documented behaviour: item lists between nodes, Edit Fields' include modes and dot notation,
 * If/Switch routing, Merge modes, Code's $input.all()/$json, Execute Once, error outputs.
 */

const FIXTURES = path.join(import.meta.dirname, '../fixtures/n8n');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

let counting: CountingServer | undefined;
afterEach(async () => {
  await disposeHosts();
  await counting?.stop();
  counting = undefined;
});

/** The JSON of the items a node produced on an output, across its runs. */
function outputOf(execution: ExecutionDetail, nodeName: string, output = 'main'): unknown[] {
  return execution.steps
    .filter((step) => step.nodeName === nodeName && step.status !== 'running')
    .flatMap((step) => ((step.output.value as Record<string, Array<{ json: unknown }>> | null)?.[output] ?? []).map((item) => item.json));
}

async function importAndRun(host: Awaited<ReturnType<typeof engineHost>>, name: string, input?: unknown) {
  const imported = host.engine.workflows.import(fixture(name));
  const { row } = await host.engine.run({ workflowId: imported.id, input: input as never });
  await host.engine.waitFor(row.id);
  return { imported, execution: host.engine.detail(row.id) };
}

describe('n8n import', () => {
  it('maps Code, Edit Fields (v3.2 and v3.4), If and No-op, with $(\'Node\').item lineage', async () => {
    const host = await engineHost();
    const { imported, execution } = await importAndRun(host, 'items-if-set.json');
    expect(imported).toMatchObject({ format: 'n8n', unsupported: [], problems: [] });
    expect(execution.status).toBe('succeeded');
    expect(outputOf(execution, 'Edit Fields')).toEqual([
      { name: 'Ada', n: 1, greeting: 'Hello Ada', score: 10, meta: { index: 0 } },
      { name: 'Grace', n: 2, greeting: 'Hello Grace', score: 20, meta: { index: 1 } },
      { name: 'Linus', n: 3, greeting: 'Hello Linus', score: 30, meta: { index: 2 } },
    ]);
    expect(outputOf(execution, 'If', 'true').map((item) => (item as { name: string }).name)).toEqual(['Grace', 'Linus']);
    expect(outputOf(execution, 'High')).toEqual([
      { name: 'Grace', score: 20, level: 'high', source: 'Grace' },
      { name: 'Linus', score: 30, level: 'high', source: 'Linus' },
    ]);
    expect(outputOf(execution, 'Low')).toEqual([{ name: 'Ada', n: 1, greeting: 'Hello Ada', score: 10, meta: { index: 0 } }]);
  });

  it('maps Switch (rules, ignore case, fallback output) and Merge (append)', async () => {
    const host = await engineHost();
    const { execution } = await importAndRun(host, 'switch-merge.json');
    expect(execution.status).toBe('succeeded');
    expect(outputOf(execution, 'Merge')).toEqual([
      { kind: 'a', v: 1, route: 'first' },
      { kind: 'a', v: 4, route: 'first' },
      { kind: 'b', v: 2, route: 'second' },
    ]);
    expect(outputOf(execution, 'Other')).toEqual([{ kind: 'c', v: 3 }]);
  });

  it('maps Merge combine by field, by position and enrich input 1', async () => {
    const host = await engineHost();
    const { execution } = await importAndRun(host, 'merge-by-field.json');
    expect(execution.status).toBe('succeeded');
    expect(outputOf(execution, 'Merge')).toEqual([
      { id: 1, name: 'Ada', total: 10 },
      { id: 2, name: 'order-2', total: 20 },
    ]);
    expect(outputOf(execution, 'By position')).toEqual([
      { id: 2, name: 'order-2', total: 20 },
      { id: 1, name: 'Grace', total: 10 },
      { id: 9, name: 'Linus', total: 90 },
    ]);
    expect(outputOf(execution, 'Enrich users')).toEqual([
      { id: 1, name: 'Ada', total: 10 },
      { id: 2, name: 'order-2', total: 20 },
      { id: 3, name: 'Linus' },
    ]);
  });

  it('maps Webhook (respond with a node) and Respond to Webhook', async () => {
    const host = await engineHost({}, { webhookPort: 0 });
    host.engine.workflows.import(fixture('webhook-respond.json'));
    const response = await fetch(`${host.engine.webhookInfo().baseUrl}n8n-signup?ref=newsletter`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ADA@Example.org' }),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-flow')).toBe('signup');
    expect(await response.json()).toEqual({ ok: true, email: 'ada@example.org', source: 'newsletter' });
  });

  it('maps Schedule Trigger, HTTP Request (query, headers, JSON body, retries), Wait and Execute Once', async () => {
    counting = await CountingServer.start();
    counting.on('/items', (_request, count) => (count === 1 ? { status: 502, body: { error: 'bad gateway' } } : { status: 200, body: [{ id: 1 }, { id: 2 }] }));
    const host = await engineHost();
    const text = fixture('schedule-http-wait.json').replaceAll('__BASE__', `http://127.0.0.1:${counting.port}`);
    const imported = host.engine.workflows.import(text);
    const document = host.engine.workflows.detail(imported.id).document;
    expect(document.nodes.find((node) => node.name === 'Schedule Trigger')!.parameters).toEqual({ every: 5, unit: 'minutes' });
    expect(document.settings?.timezone).toBe('Europe/Berlin');
    const started = Date.now();
    const { row } = await host.engine.run({ workflowId: imported.id });
    await host.engine.waitFor(row.id);
    const execution = host.engine.detail(row.id);
    expect(execution.status).toBe('succeeded');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    const items = counting.requests.filter((request) => request.path === '/items');
    expect(items).toHaveLength(2);
    expect(items[1]).toMatchObject({ query: { page: '1' }, headers: { 'x-client': 'echelon' } });
    expect(items[0]!.idempotencyKey).toBe(`e${row.id}-${document.nodes.find((node) => node.name === 'HTTP Request')!.id}-1`);
    expect(outputOf(execution, 'HTTP Request')).toEqual([{ id: 1 }, { id: 2 }]);
    const report = counting.requests.find((request) => request.path === '/report')!;
    expect(report.method).toBe('POST');
    // Execute Once: the node saw the first item only.
    expect(JSON.parse(report.body)).toEqual({ count: 1 });
    expect(counting.count('/report')).toBe(1);
  });

  it('maps Execute Workflow to a sub-workflow imported from the same n8n instance', async () => {
    const host = await engineHost();
    host.engine.workflows.import(fixture('sub-workflow.json'));
    const { imported, execution } = await importAndRun(host, 'execute-workflow.json');
    expect(imported.notes).toEqual([]);
    expect(execution.status).toBe('succeeded');
    expect(outputOf(execution, 'Execute Workflow')).toEqual([
      { value: 1, doubled: 2 },
      { value: 2, doubled: 4 },
      { value: 3, doubled: 6 },
    ]);
    expect(outputOf(execution, 'Sum')).toEqual([{ sum: 12 }, { sum: 12 }, { sum: 12 }]);
  });

  it('maps Loop Over Items and per-item error outputs', async () => {
    const host = await engineHost();
    const { execution } = await importAndRun(host, 'loop-errors.json');
    expect(execution.status).toBe('succeeded');
    expect(outputOf(execution, 'All done')).toEqual([
      { n: 1, square: 1 },
      { n: 2, square: 4 },
      { n: 3, square: 9 },
      { n: 5, square: 25 },
    ]);
    const failed = outputOf(execution, 'Square', 'error') as Array<{ n: number; error: string }>;
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ n: 4, error: expect.stringContaining('four is unlucky') });
    expect(outputOf(execution, 'Failed')).toEqual([{ failed: 4 }]);
  });

  it('lists unsupported nodes by name and type, imports the rest, and refuses to run until they are replaced', async () => {
    const host = await engineHost();
    const imported = host.engine.workflows.import(fixture('unsupported.json'));
    expect(imported.unsupported).toEqual([{ name: 'Slack', type: 'n8n-nodes-base.mattermost', remedy: expect.stringMatching(/^Echelon has no Mattermost integration yet: call the Mattermost API with an HTTP request node/) }]);
    expect(imported.problems.map((problem) => problem.code)).toContain('unsupported_node');
    const detail = host.engine.workflows.detail(imported.id);
    expect(detail.document.nodes.map((node) => node.name).sort()).toEqual(['Done', 'Slack', 'Start']);
    // The sticky note is kept as a note on the canvas (its text and size), never run.
    expect(detail.document.meta?.stickyNotes).toEqual([expect.objectContaining({ content: expect.stringContaining('Remember'), width: expect.any(Number) })]);
    expect(detail.unsupported).toEqual([{ name: 'Slack', type: 'n8n-nodes-base.mattermost', remedy: expect.stringMatching(/^Echelon has no Mattermost integration yet/) }]);
    await expect(host.engine.run({ workflowId: imported.id })).rejects.toThrow('"Slack" (n8n-nodes-base.mattermost)');
  });
});

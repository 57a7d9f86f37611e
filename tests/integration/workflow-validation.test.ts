import { afterEach, describe, expect, it } from 'vitest';
import type { WorkflowDocument } from '../../shared/workflow/document';
import { parseWorkflow, serializeWorkflow } from '../../shared/workflow/serialize';
import { disposeHosts, engineHost } from '../helpers/engine';

afterEach(disposeHosts);

const n = (id: string, type: string, parameters: Record<string, unknown> = {}, extra: object = {}) => ({ id, type, typeVersion: '1.0.0', name: id, position: { x: 0, y: 0 }, parameters: parameters as Record<string, never>, ...extra });

describe('workflow validation', () => {
  it('reports every problem at once, each pointing at its node and field', async () => {
    const secrets = new Set(['KNOWN']);
    const host = await engineHost({ enginePorts: { secrets: { exists: (name) => secrets.has(name), reveal: () => 'x' } } });
    const document = {
      schemaVersion: 1,
      name: 'Broken',
      nodes: [
        n('start', 'manual.trigger'),
        n('ghost', 'nope.node'),
        n('old', 'http-request.send', { url: 'https://x' }, { typeVersion: '9.9.9' }),
        n('http', 'http-request.send', { method: 'FETCH', headers: [{ name: 'a', value: '{{ secrets.MISSING }}' }] }),
        n('expr', 'transform.edit', { fields: [{ name: 'x', value: '{{ $json.a + }}' }] }),
        n('cycleA', 'no-op.pass'),
        n('cycleB', 'no-op.pass'),
        n('orphan', 'no-op.pass'),
        n('late', 'webhook.trigger', { path: 'x' }),
        n('cred', 'http-request.send', { url: '{{ $json.url }}' }, { credentials: { auth: { secret: 'ABSENT' } } }),
      ],
      edges: [
        { from: { node: 'start', output: 'main' }, to: { node: 'http', input: 'main' } },
        { from: { node: 'start', output: 'main' }, to: { node: 'expr', input: 'main' } },
        { from: { node: 'start', output: 'main' }, to: { node: 'cycleA', input: 'main' } },
        { from: { node: 'cycleA', output: 'main' }, to: { node: 'cycleB', input: 'main' } },
        { from: { node: 'cycleB', output: 'main' }, to: { node: 'cycleA', input: 'main' } },
        { from: { node: 'start', output: 'main' }, to: { node: 'missing', input: 'main' } },
        { from: { node: 'start', output: 'nowhere' }, to: { node: 'cred', input: 'main' } },
        { from: { node: 'expr', output: 'main' }, to: { node: 'late', input: 'main' } },
      ],
    };
    const report = host.engine.workflows.validate(document);
    expect(report.ok).toBe(false);
    const found = report.problems.map((problem) => [problem.code, problem.nodeId ?? '', problem.field ?? problem.path]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['unknown_type', 'ghost', 'type'],
        ['unknown_version', 'old', 'typeVersion'],
        ['missing_parameter', 'http', 'parameters.url'],
        ['invalid_parameter', 'http', 'parameters.method'],
        ['missing_secret', 'http', 'parameters'],
        ['invalid_expression', 'expr', 'parameters.fields.0.value'],
        ['cycle', 'cycleA', 'nodes.5'],
        ['unreachable', 'orphan', 'nodes.7'],
        ['dangling_edge', '', 'edges.5.to.node'],
        ['unknown_output', 'start', 'edges.6.from.output'],
        ['trigger_not_root', 'late', 'edges.7.to.node'],
        ['missing_secret', 'cred', 'credentials.auth'],
      ]),
    );
    // An expression's type is checked at run time, not reported now.
    expect(found.some(([code, node]) => node === 'cred' && code === 'invalid_parameter')).toBe(false);
    expect(report.ports.http).toEqual({ inputs: ['main'], outputs: ['main'] });
  });

  it('allows a cycle through a loop node and gives ports that follow parameters', async () => {
    const host = await engineHost();
    const document: WorkflowDocument = {
      schemaVersion: 1,
      name: 'Loop',
      nodes: [
        n('start', 'manual.trigger'),
        n('loop', 'loop.batches', { batchSize: 2 }),
        n('work', 'no-op.pass', {}, { onError: 'route' }),
        n('route', 'switch.route', { rules: [{ conditions: { conditions: [] } }, { conditions: { conditions: [] } }], fallbackOutput: 'extra' }),
      ],
      edges: [
        { from: { node: 'start', output: 'main' }, to: { node: 'loop', input: 'main' } },
        { from: { node: 'loop', output: 'loop' }, to: { node: 'work', input: 'main' } },
        { from: { node: 'work', output: 'main' }, to: { node: 'loop', input: 'main' } },
        { from: { node: 'loop', output: 'done' }, to: { node: 'route', input: 'main' } },
      ],
    };
    const report = host.engine.workflows.validate(document);
    expect(report.problems).toEqual([]);
    expect(report.ports.route!.outputs).toEqual(['0', '1', 'fallback']);
    expect(report.ports.work!.outputs).toEqual(['main', 'error']);
    expect(report.ports.loop!.outputs).toEqual(['done', 'loop']);
  });

  it('refuses to run a workflow with problems, saves every version, and pins the version a run used', async () => {
    const host = await engineHost();
    const bad: WorkflowDocument = { schemaVersion: 1, name: 'Bad', nodes: [n('start', 'manual.trigger'), n('http', 'http-request.send')], edges: [{ from: { node: 'start', output: 'main' }, to: { node: 'http', input: 'main' } }] };
    const saved = host.engine.workflows.save({ document: bad });
    expect(saved.report.problems.map((problem) => problem.code)).toEqual(['missing_parameter']);
    await expect(host.engine.run({ workflowId: saved.id })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('needs the parameter "url"') });
    expect(() => host.engine.workflows.save({ document: bad, strict: true })).toThrow('1 problem');

    const good: WorkflowDocument = { ...bad, nodes: [n('start', 'manual.trigger'), n('http', 'no-op.pass')] };
    const second = host.engine.workflows.save({ id: saved.id, document: good, expectedVersion: 1 });
    expect(second.version).toBe(2);
    expect(() => host.engine.workflows.save({ id: saved.id, document: good, expectedVersion: 1 })).toThrow('saved elsewhere');
    const { row } = await host.engine.run({ workflowId: saved.id });
    await host.engine.waitFor(row.id);
    host.engine.workflows.save({ id: saved.id, document: { ...good, name: 'Third' } });
    expect(host.engine.detail(row.id).workflowVersion).toBe(2);
    expect(host.engine.workflows.versions(saved.id).map((version) => version.version)).toEqual([3, 2, 1]);
    expect(host.engine.workflows.detail(saved.id, 1).document.nodes.find((node) => node.id === 'http')!.type).toBe('http-request.send');
  });

  it('exports canonical text that imports back without loss', async () => {
    const host = await engineHost();
    const document: WorkflowDocument = {
      schemaVersion: 1,
      name: 'Round trip',
      nodes: [n('z', 'no-op.pass', {}, { notes: 'last' }), n('start', 'manual.trigger', {}, { position: { x: 5, y: 6 } })],
      edges: [{ from: { node: 'start', output: 'main' }, to: { node: 'z', input: 'main' } }],
      settings: { variables: { b: 1, a: [2, 1] }, timezone: 'Europe/Paris' },
      meta: { viewport: { zoom: 1.5 } },
    };
    const { id } = host.engine.workflows.save({ document });
    const exported = host.engine.workflows.export(id).text;
    expect(exported).toBe(serializeWorkflow({ ...document, id }));
    const parsed = parseWorkflow(exported);
    expect(parsed.ok).toBe(true);
    const reimported = host.engine.workflows.import(exported);
    // The same document again is no new version.
    expect(reimported).toMatchObject({ id, version: 1, format: 'echelon', outcome: 'unchanged' });
    expect(host.engine.workflows.export(id).text).toBe(exported);
  });
});

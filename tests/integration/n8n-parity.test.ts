import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { disposeHosts, engineHost } from '../helpers/engine';
import { compareWithN8n, type N8nFixture } from '../helpers/n8n-parity';

/**
 * Echelon against real n8n: each fixture holds a public workflow that needs no outside service
 * and what every node produced when n8n itself ran it (scripts/n8n-fixtures.ts). Echelon runs
 * the same export and must produce the same items, node by node (nodes whose output changed
 * between two n8n runs, such as random ids, are left out).
 */

afterEach(disposeHosts);

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/n8n-outputs');
const fixtures = (fs.existsSync(FIXTURES) ? fs.readdirSync(FIXTURES) : [])
  .filter((name) => name.endsWith('.json'))
  .map((name) => JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8')) as N8nFixture);

describe('n8n parity (fixtures from real n8n)', () => {
  it('has fixtures to compare with', (ctx) => {
    ctx.skip(fixtures.length === 0, 'no fixtures from real n8n yet: run `node --import tsx scripts/n8n-fixtures.ts` on a machine where `npm install n8n` succeeds, and commit tests/fixtures/n8n-outputs/');
    expect(fixtures.every((fixture) => fixture.source && Object.keys(fixture.outputs).length > 0)).toBe(true);
  });

  it('the comparison passes equal outputs and names the node, run and output that differ', async () => {
    const workflow = {
      name: 'Parity check',
      nodes: [
        { id: 'a', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
        { id: 'b', name: 'Make', type: 'n8n-nodes-base.code', typeVersion: 2, position: [200, 0], parameters: { jsCode: 'return [{ json: { n: 1 } }, { json: { n: 2 } }];' } },
        { id: 'c', name: 'Big?', type: 'n8n-nodes-base.if', typeVersion: 1, position: [400, 0], parameters: { conditions: { number: [{ value1: '={{ $json.n }}', operation: 'larger', value2: 1 }] } } },
      ],
      connections: { Start: { main: [[{ node: 'Make', type: 'main', index: 0 }]] }, Make: { main: [[{ node: 'Big?', type: 'main', index: 0 }]] } },
    };
    const host = await engineHost();
    const imported = host.engine.workflows.import(JSON.stringify(workflow));
    const { row } = await host.engine.run({ workflowId: imported.id });
    await host.engine.waitFor(row.id);
    const execution = host.engine.detail(row.id);
    const detail = host.engine.workflows.detail(imported.id);
    const fixture: N8nFixture = { source: 'parity-check', n8nVersion: 'test', workflow, status: 'succeeded', outputs: { Make: [[[{ n: 1 }, { n: 2 }]]], 'Big?': [[[{ n: 2 }], [{ n: 1 }]]] }, volatile: [] };
    expect(compareWithN8n(fixture, execution, detail)).toEqual([]);
    const differing = { ...fixture, outputs: { ...fixture.outputs, 'Big?': [[[{ n: 2 }], [{ n: 3 }]]] } };
    expect(compareWithN8n(differing, execution, detail)).toEqual(['Big? (run 1, output 1): n8n [{"n":3}], Echelon [{"n":1}]']);
    expect(compareWithN8n({ ...differing, volatile: ['Big?'] }, execution, detail)).toEqual([]);
    expect(compareWithN8n({ ...fixture, status: 'failed', error: 'boom' }, execution, detail)).toEqual(['status: n8n failed (boom), Echelon succeeded']);
  });

  it.each(fixtures.map((fixture) => [fixture.source, fixture] as const))('%s runs as n8n ran it', async (_source, fixture) => {
    const host = await engineHost();
    const imported = host.engine.workflows.import(JSON.stringify(fixture.workflow));
    expect(imported.unsupported).toEqual([]);
    const { row } = await host.engine.run({ workflowId: imported.id });
    await host.engine.waitFor(row.id);
    expect(compareWithN8n(fixture, host.engine.detail(row.id), host.engine.workflows.detail(imported.id))).toEqual([]);
  });
});

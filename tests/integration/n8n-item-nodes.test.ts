import { afterEach, describe, expect, it } from 'vitest';
import type { ExecutionDetail } from '../../shared/contract/executions';
import { disposeHosts, engineHost } from '../helpers/engine';

/**
 * n8n's item-list nodes imported from n8n exports (parameters as n8n writes them) and run.
 * Expected outputs follow n8n's documented behaviour for each node.
 */

afterEach(disposeHosts);

type N8nNodeSpec = [name: string, type: string, typeVersion: number, parameters: Record<string, unknown>];

/** An n8n export: a manual trigger, then the nodes in a line. */
function n8nChain(nodes: N8nNodeSpec[]): string {
  const all: N8nNodeSpec[] = [['Start', 'n8n-nodes-base.manualTrigger', 1, {}], ...nodes];
  return JSON.stringify({
    name: 'Item nodes',
    nodes: all.map(([name, type, typeVersion, parameters], i) => ({ id: `id-${i}`, name, type, typeVersion, position: [i * 200, 0], parameters })),
    connections: Object.fromEntries(all.slice(0, -1).map(([name], i) => [name, { main: [[{ node: all[i + 1]![0], type: 'main', index: 0 }]] }])),
  });
}

const SOURCE: N8nNodeSpec = [
  'Orders',
  'n8n-nodes-base.code',
  2,
  {
    jsCode: `return [
      { json: { customer: 'ada', lines: [{ sku: 'a', qty: 2 }, { sku: 'b', qty: 1 }] } },
      { json: { customer: 'bob', lines: [{ sku: 'a', qty: 5 }] } },
      { json: { customer: 'cy', lines: [] } },
    ];`,
  },
];

function outputOf(execution: ExecutionDetail, nodeName: string, output = 'main'): unknown[] {
  return execution.steps
    .filter((step) => step.nodeName === nodeName && step.status !== 'running')
    .flatMap((step) => ((step.output.value as Record<string, Array<{ json: unknown }>> | null)?.[output] ?? []).map((item) => item.json));
}

async function importAndRun(nodes: N8nNodeSpec[]) {
  const host = await engineHost();
  const imported = host.engine.workflows.import(n8nChain(nodes));
  expect(imported.unsupported).toEqual([]);
  const { row } = await host.engine.run({ workflowId: imported.id });
  await host.engine.waitFor(row.id);
  return host.engine.detail(row.id);
}

describe('n8n item-list nodes', () => {
  it('Split Out (keeping other fields) → Filter → Sort → Limit → Aggregate', async () => {
    const execution = await importAndRun([
      SOURCE,
      ['Split', 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: 'lines', include: 'selectedOtherFields', fieldsToInclude: 'customer', options: {} }],
      [
        'Big',
        'n8n-nodes-base.filter',
        2,
        { conditions: { options: { caseSensitive: true, typeValidation: 'strict' }, conditions: [{ leftValue: '={{ $json.qty }}', rightValue: 1, operator: { type: 'number', operation: 'gt' } }], combinator: 'and' }, options: {} },
      ],
      ['Order', 'n8n-nodes-base.sort', 1, { sortFieldsUi: { sortField: [{ fieldName: 'qty', order: 'descending' }] }, options: {} }],
      ['Top', 'n8n-nodes-base.limit', 1, { maxItems: 1 }],
      ['Gather', 'n8n-nodes-base.aggregate', 1, { fieldsToAggregate: { fieldToAggregate: [{ fieldToAggregate: 'customer', renameField: true, outputFieldName: 'customers' }, { fieldToAggregate: 'qty' }] }, options: {} }],
    ]);
    expect(execution.status).toBe('succeeded');
    expect(outputOf(execution, 'Split')).toEqual([
      { customer: 'ada', sku: 'a', qty: 2 },
      { customer: 'ada', sku: 'b', qty: 1 },
      { customer: 'bob', sku: 'a', qty: 5 },
    ]);
    expect(outputOf(execution, 'Big')).toEqual([
      { customer: 'ada', sku: 'a', qty: 2 },
      { customer: 'bob', sku: 'a', qty: 5 },
    ]);
    expect(outputOf(execution, 'Order').map((json) => (json as { qty: number }).qty)).toEqual([5, 2]);
    expect(outputOf(execution, 'Gather')).toEqual([{ customers: ['bob'], qty: [5] }]);
  });

  it('Item Lists (split out items, a value list into a named field), Remove Duplicates and Rename Keys', async () => {
    const execution = await importAndRun([
      ['Tags', 'n8n-nodes-base.set', 3.4, { mode: 'raw', jsonOutput: '{ "tags": ["x", "y", "x"] }', options: {} }],
      ['Split', 'n8n-nodes-base.itemLists', 3, { operation: 'splitOutItems', fieldToSplitOut: 'tags', include: 'noOtherFields', options: { destinationFieldName: 'tag' } }],
      ['Unique', 'n8n-nodes-base.removeDuplicates', 1, { compare: 'allFields', options: {} }],
      ['Rename', 'n8n-nodes-base.renameKeys', 1, { keys: { key: [{ currentKey: 'tag', newKey: 'label.name' }] } }],
    ]);
    expect(execution.status).toBe('succeeded');
    expect(outputOf(execution, 'Split')).toEqual([{ tag: 'x' }, { tag: 'y' }, { tag: 'x' }]);
    expect(outputOf(execution, 'Unique')).toEqual([{ tag: 'x' }, { tag: 'y' }]);
    expect(outputOf(execution, 'Rename')).toEqual([{ label: { name: 'x' } }, { label: { name: 'y' } }]);
  });

  it("Split Out fails when no item has the field, and Stop and Error fails the run with n8n's message", async () => {
    const missing = await importAndRun([SOURCE, ['Split', 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: 'nothing', include: 'noOtherFields', options: {} }]]);
    expect(missing.status).toBe('failed');
    expect(missing.error?.message).toMatch(/"nothing" wasn't found in any input item/);

    const stopped = await importAndRun([SOURCE, ['Stop', 'n8n-nodes-base.stopAndError', 1, { errorMessage: '=Customer {{ $json.customer }} is blocked' }]]);
    expect(stopped.status).toBe('failed');
    expect(stopped.error?.message).toBe('Customer ada is blocked');
  });
});

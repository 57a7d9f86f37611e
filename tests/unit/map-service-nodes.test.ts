import { describe, expect, it } from 'vitest';
import type { N8nNode } from '../../electron/main/services/engine/n8n/import-n8n';
import { mapN8nNode } from '../../electron/main/services/engine/n8n/map-nodes';
import type { JsonValue } from '../../shared/workflow/document';

const map = (type: string, typeVersion: number, parameters: Record<string, JsonValue>) => {
  const notes: string[] = [];
  const node: N8nNode = { name: 'Node', type, typeVersion, parameters };
  return { mapped: mapN8nNode(node, parameters, { resolveWorkflow: () => undefined, notes, attached: () => [], feeds: () => [] }), notes };
};

describe('n8n Google Sheets nodes', () => {
  it('maps v4 update and append-or-update with the match column, cell format and extra-data handling', () => {
    const base = { documentId: { __rl: true, value: 'abc', mode: 'url' }, sheetName: { __rl: true, value: 'Leads', mode: 'name' } };
    const update = map('n8n-nodes-base.googleSheets', 4.5, {
      ...base,
      operation: 'update',
      columns: { mappingMode: 'defineBelow', value: { email: '{{ $json.email }}', status: 'done' }, matchingColumns: ['email'] },
      options: { cellFormat: 'RAW', handlingExtraData: 'ignoreIt', locationDefine: { values: { headerRow: 3 } } },
    });
    expect(update.mapped).toMatchObject({
      type: 'google-sheets.updateRow',
      parameters: { spreadsheetId: 'abc', sheet: 'Leads', headerRow: 3, matchColumn: 'email', values: { email: '{{ $json.email }}', status: 'done' }, valueInputOption: 'RAW', newColumns: 'ignore' },
    });
    const upsert = map('n8n-nodes-base.googleSheets', 4.5, { ...base, operation: 'appendOrUpdate', columns: { mappingMode: 'autoMapInputData', value: {}, matchingColumns: ['id'] } });
    expect(upsert.mapped).toMatchObject({ type: 'google-sheets.appendOrUpdateRow', parameters: { matchColumn: 'id', values: '{{ $json }}', valueInputOption: 'USER_ENTERED', newColumns: 'add' } });
  });

  it('maps v1 nodes (sheet id, A1 range, key) and refuses what it cannot run', () => {
    const legacy = map('n8n-nodes-base.googleSheets', 1, { operation: 'update', sheetId: 'xyz', range: 'Orders!A:F', key: 'order' });
    expect(legacy.mapped).toMatchObject({ type: 'google-sheets.updateRow', parameters: { spreadsheetId: 'xyz', sheet: 'Orders', matchColumn: 'order', values: '{{ $json }}' } });
    const lookup = map('n8n-nodes-base.googleSheets', 2, { operation: 'lookup', sheetId: 'xyz', lookupColumn: 'sku', lookupValue: 'A-1' });
    expect(lookup.mapped).toMatchObject({ type: 'google-sheets.readRows', parameters: { sheet: 'Sheet1', lookupColumn: 'sku', lookupValue: 'A-1', returnFirstMatch: true } });
    expect(map('n8n-nodes-base.googleSheets', 4, { operation: 'delete', toDelete: 'columns' }).mapped).toBeUndefined();
    const byId = map('n8n-nodes-base.googleSheets', 4, { documentId: { __rl: true, value: 'abc', mode: 'id' }, sheetName: { __rl: true, value: '12345', mode: 'id' } });
    expect(byId.notes).toContain('"Node" names its sheet by id (12345): set the sheet\'s name on the node.');
  });
});

describe('n8n Postgres nodes', () => {
  it('maps v1 nodes: query parameters named by item fields, comma-separated columns, the update key', () => {
    const query = map('n8n-nodes-base.postgres', 1, { operation: 'executeQuery', query: 'SELECT * FROM t WHERE a = $1 AND b = $2', additionalFields: { queryParams: 'a, b' } });
    expect(query.mapped).toMatchObject({ type: 'postgres.executeQuery', parameters: { parameters: ['{{ $json["a"] }}', '{{ $json["b"] }}'] } });
    expect(map('n8n-nodes-base.postgres', 1, { table: 'users', columns: 'id,name' }).mapped).toMatchObject({
      type: 'postgres.insert',
      parameters: { schema: 'public', table: 'users', values: { id: '{{ $json["id"] }}', name: '{{ $json["name"] }}' } },
    });
    expect(map('n8n-nodes-base.postgres', 1, { operation: 'update', table: 'users', updateKey: 'id', columns: 'name' }).mapped).toMatchObject({
      type: 'postgres.update',
      parameters: { matchColumns: ['id'], values: { id: '{{ $json["id"] }}', name: '{{ $json["name"] }}' } },
    });
  });

  it('maps v2 nodes: replacements split outside expressions, select conditions, upsert keys; refuses a truncate', () => {
    const query = map('n8n-nodes-base.postgres', 2.5, { operation: 'executeQuery', query: 'SELECT $1, $2', options: { queryReplacement: '{{ [1, 2].join(",") }}, plain' } });
    expect(query.mapped?.parameters.parameters).toEqual(['{{ [1, 2].join(",") }}', 'plain']);
    const select = map('n8n-nodes-base.postgres', 2.5, {
      operation: 'select',
      schema: { __rl: true, value: 'crm', mode: 'name' },
      table: { __rl: true, value: 'leads', mode: 'list' },
      where: { values: [{ column: 'score', condition: '>=', value: 5 }, { column: 'email', condition: 'IS NULL' }] },
      combineConditions: 'OR',
      sort: { values: [{ column: 'score', direction: 'DESC' }] },
      limit: 10,
    });
    expect(select.mapped).toMatchObject({
      type: 'postgres.select',
      parameters: { schema: 'crm', table: 'leads', where: [{ column: 'score', operator: '>=', value: 5 }, { column: 'email', operator: 'is null' }], combine: 'or', orderBy: [{ column: 'score', direction: 'desc' }], limit: 10 },
    });
    const upsert = map('n8n-nodes-base.postgres', 2.5, { operation: 'upsert', table: { __rl: true, value: 'leads' }, columns: { mappingMode: 'defineBelow', value: { email: '{{ $json.email }}' }, matchingColumns: ['email'] } });
    expect(upsert.mapped).toMatchObject({ type: 'postgres.upsert', parameters: { conflictColumns: ['email'], values: { email: '{{ $json.email }}' } } });
    const truncate = map('n8n-nodes-base.postgres', 2.5, { operation: 'deleteTable', table: { __rl: true, value: 'leads' } });
    expect(truncate.mapped).toBeUndefined();
    expect(truncate.notes).toContain('"Node" truncates or drops a table; run that as an "Execute a query" node.');
  });
});

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
const fixtures = fs
  .readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.json'))
  .map((name) => JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8')) as N8nFixture);

describe('n8n parity (fixtures from real n8n)', () => {
  it('has fixtures to compare with', () => {
    expect(fixtures.length).toBeGreaterThan(0);
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

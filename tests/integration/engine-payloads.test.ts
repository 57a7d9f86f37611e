import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chain, disposeHosts, engineHost, manualStart as start, node, runToEnd } from '../helpers/engine';

afterEach(disposeHosts);

/** Worst lateness of a 10 ms timer while `work` runs: the event loop's responsiveness. */
async function lateness<T>(work: Promise<T>): Promise<{ result: T; worst: number }> {
  let worst = 0;
  let done = false;
  const watching = (async () => {
    while (!done) {
      const before = performance.now();
      await new Promise((resolve) => setTimeout(resolve, 10));
      worst = Math.max(worst, performance.now() - before - 10);
    }
  })();
  const result = await work;
  done = true;
  await watching;
  return { result, worst };
}

describe('large payloads', () => {
  it('runs 100,000 items through code and transform steps with the event loop free and the output in a file', async () => {
    const host = await engineHost();
    const { result: detail, worst } = await lateness(
      runToEnd(
        host,
        chain('Many items', [
          start(),
          node('code.run', { code: 'const out = []; for (let i = 0; i < 100000; i++) out.push({ i }); return out;', memoryMb: 256, timeoutMs: 60_000 }, { id: 'gen', name: 'Generate' }),
          node('transform.edit', { fields: [{ name: 'double', value: '{{ $json.i * 2 }}' }] }, { id: 'shape', name: 'Shape' }),
        ]),
      ),
    );
    expect(detail.error).toBeUndefined();
    expect(detail.status).toBe('succeeded');
    const shaped = detail.steps.find((step) => step.nodeId === 'shape')!;
    expect(shaped.output).toMatchObject({ truncated: true, inFile: true });
    expect(shaped.output.bytes).toBeGreaterThan(5_000_000);
    const preview = (shaped.output.value as { main: unknown[] }).main;
    expect(preview[0]).toEqual({ json: { i: 0, double: 0 }, pairedItem: { item: 0 } });
    expect(String(preview.at(-1))).toMatch(/more items/);
    expect(fs.readdirSync(path.join(host.info.dataDir, 'payloads', String(detail.id)))).toContain(`${shaped.seq}-output.json`);
    // Work was sliced: no single stretch blocked the loop for long (a loose bound: CI shares two cores).
    expect(worst).toBeLessThan(1000);
  }, 60_000);

  it('takes a 100 MB answer without falling over, keeping it in a file and showing a cut preview', async () => {
    const big = Buffer.alloc(100 * 1024 * 1024, 'a');
    const server = http.createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain', 'content-length': big.length });
      response.end(big);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/big`;
    try {
      const host = await engineHost();
      const detail = await runToEnd(host, chain('Big', [start(), node('http-request.send', { url, responseFormat: 'text' }, { id: 'get', name: 'Get' }), node('transform.edit', { fields: [{ name: 'size', value: '{{ $json.data.length }}' }], remove: ['data'] }, { id: 'size', name: 'Size' })]));
      expect(detail.status).toBe('succeeded');
      expect(detail.output.value).toEqual([{ json: { size: big.length }, pairedItem: { item: 0 } }]);
      const got = detail.steps.find((step) => step.nodeId === 'get')!;
      expect(got.output).toMatchObject({ truncated: true, inFile: true });
      expect(got.output.bytes).toBeGreaterThan(big.length);
      expect(JSON.stringify(got.output.value).length).toBeLessThan(100_000);
      expect(process.memoryUsage().rss).toBeLessThan(2 * 1024 * 1024 * 1024);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  }, 60_000);
});

describe('retention', () => {
  it('prunes executions by age and count, deletes their files, and gives the space back', async () => {
    const host = await engineHost({ engine: { retention: { maxAgeDays: 7, maxCount: 20 } } }, { retention: false });
    const { id } = host.engine.workflows.save({ document: chain('Keep', [start(), node('code.run', { code: 'return [{ blob: "x".repeat(300000) }];' }, { id: 'c', name: 'C' })]) });
    const ids: number[] = [];
    for (let i = 0; i < 40; i++) ids.push((await host.engine.run({ workflowId: id })).row.id);
    await host.engine.waitFor(ids.at(-1)!);
    for (const run of ids) await host.engine.waitFor(run);
    const db = host.store.db;
    db.prepare('UPDATE executions SET created_at = ? WHERE id <= ?').run(Date.now() - 30 * 86_400_000, ids[4]!);
    const pagesBefore = db.pragma('page_count', { simple: true }) as number;
    const result = await host.engine.pruneNow();
    expect(result.deleted).toBe(20);
    const left = db.prepare('SELECT id FROM executions ORDER BY id').pluck().all();
    expect(left).toEqual(ids.slice(20));
    expect(db.prepare('SELECT count(*) FROM execution_steps WHERE execution_id <= ?').pluck().get(ids[19]!)).toBe(0);
    expect(fs.existsSync(path.join(host.info.dataDir, 'payloads', String(ids[0])))).toBe(false);
    expect(fs.existsSync(path.join(host.info.dataDir, 'payloads', String(ids[39])))).toBe(true);
    expect(db.pragma('freelist_count', { simple: true })).toBe(0);
    expect(db.pragma('page_count', { simple: true }) as number).toBeLessThanOrEqual(pagesBefore);
  }, 60_000);
});

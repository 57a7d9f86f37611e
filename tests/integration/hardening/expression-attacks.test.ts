import { afterEach, describe, expect, it } from 'vitest';
import { connectApi, type ApiClient } from '../../helpers/api';
import { chain, manualStart, node } from '../../helpers/engine';
import { serveSession } from '../../helpers/serve-session';

const probes: ApiClient[] = [];
afterEach(() => {
  for (const api of probes.splice(0)) api.close();
});

const setField = (name: string, expression: string) =>
  chain(name, [manualStart(), node('transform.edit', { fields: [{ name: 'out', value: `{{ ${expression} }}` }] }, { id: 'edit', name: 'Edit', timeoutMs: 1000 })]);

/** The two expressions that froze and crashed the host. */
const ATTACKS = {
  backtracking: "/^(a+)+$/.test('a'.repeat(27) + '!')",
  heap: "[1,2,3,4].map(() => 'x'.repeat(3e7).split('')).length",
};
/** Rounds of attacks, and as many harmless runs to compare with. */
const ROUNDS = 6;
/** Attacks go on until the probe has taken this many round trips. */
const MIN_SAMPLES = 20;
/** Nine million callbacks: stopped by the step budget. */
const LOOPS = "Array.from('x'.repeat(3000)).map(() => Array.from('x'.repeat(3000)).map(() => 1)).length";

interface RunResult {
  execution?: { status: string; steps: Array<{ nodeId: string; status: string; error?: { message: string } }>; output: { value: unknown } };
}

/** Round trips of `app.status` taken so far by the running probe. */
let taken = 0;

/** p95 of `app.status` round trips, every 10 ms, until `until` settles. */
async function probe(api: ApiClient, until: Promise<unknown>): Promise<{ p95: number; samples: number }> {
  const samples: number[] = [];
  let done = false;
  taken = 0;
  void until.finally(() => (done = true)).catch(() => {});
  while (!done) {
    const start = performance.now();
    await api.call('app.status', {} as never);
    samples.push(performance.now() - start);
    taken = samples.length;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  samples.sort((a, b) => a - b);
  return { p95: samples[Math.min(samples.length - 1, Math.floor(samples.length * 0.95))] ?? 0, samples: samples.length };
}

describe('expressions under attack in echelon serve', () => {
  it('fail their step with a clear error, and the API stays responsive (p95 < 50 ms) and the process up', async () => {
    const { serve, api: runner } = await serveSession();
    const prober = await connectApi(serve);
    probes.push(prober);
    const ids: Record<string, string> = {};
    for (const [name, expression] of Object.entries(ATTACKS)) ids[name] = ((await runner.call('workflows.save', { document: setField(name, expression) } as never)) as { id: string }).id;
    const fine = ((await runner.call('workflows.save', { document: setField('fine', "/^(a+)+$/.test('aaa') && 'a-b'.replace(/-/g, '+')") } as never)) as { id: string }).id;

    // Each workflow once first: its plan is compiled on its first run, attack or not.
    for (const id of [...Object.values(ids), fine]) await runner.call('workflows.run', { id, wait: true } as never);
    // The same probe while as many harmless runs go: on a loaded machine every run slows the API, attack or not.
    const harmless = (async () => {
      // At least as many probes as the attack gets, however fast the runs go.
      for (let round = 0; round < ROUNDS * Object.keys(ATTACKS).length || taken < MIN_SAMPLES; round++) await runner.call('workflows.run', { id: fine, wait: true } as never);
    })();
    const normal = await probe(prober, harmless);
    await harmless;
    const results: Record<string, RunResult> = {};
    const attack = (async () => {
      for (let round = 0; round < ROUNDS || taken < MIN_SAMPLES; round++) {
        for (const [name, id] of Object.entries(ids)) results[name] = (await runner.call('workflows.run', { id, wait: true } as never)) as RunResult;
      }
    })();
    const { p95, samples } = await probe(prober, attack);
    await attack;

    expect(samples).toBeGreaterThanOrEqual(MIN_SAMPLES);
    // Under 50 ms on an idle machine (where harmless runs cost the API a few ms); on a loaded one,
    // within the noise of what the same number of harmless runs cost. Backtracking made it 11 s.
    expect(p95).toBeLessThan(50 + 2 * normal.p95);
    expect(serve.child.exitCode).toBeNull();
    expect(results.backtracking!.execution!.status).toBe('succeeded');
    const heap = results.heap!.execution!;
    expect(heap.status).toBe('failed');
    expect(heap.steps.find((step) => step.nodeId === 'edit')!.error!.message).toMatch(/string of 30,000,000 characters; the limit is 16,000,000/);

    const loops = ((await runner.call('workflows.save', { document: setField('loops', LOOPS) } as never)) as { id: string }).id;
    const started = performance.now();
    const stopped = (await runner.call('workflows.run', { id: loops, wait: true } as never)) as RunResult;
    expect(performance.now() - started).toBeLessThan(1000);
    expect(stopped.execution!.status).toBe('failed');
    expect(stopped.execution!.steps.find((step) => step.nodeId === 'edit')!.error!.message).toMatch(/step budget/);
    const ok = (await runner.call('workflows.run', { id: fine, wait: true } as never)) as RunResult;
    expect(ok.execution!.status).toBe('succeeded');
    expect(JSON.stringify(ok.execution!.output.value)).toContain('a+b');
  });

  it('refuse, when the workflow is saved, a pattern only a backtracking engine can run', async () => {
    const { api } = await serveSession();
    const saved = (await api.call('workflows.save', { document: setField('lookahead', "/a(?=b)/.test('ab')") } as never)) as { problems: Array<{ message: string }> };
    expect(saved.problems.map((problem) => problem.message).join('\n')).toMatch(/linear-time engine \(RE2\).*lookahead/);
  });
});

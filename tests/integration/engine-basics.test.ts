import { afterEach, describe, expect, it } from 'vitest';
import { chain, disposeHosts, engineHost, node, runToEnd } from '../helpers/engine';
import { tempDir } from '../helpers/temp-dir';

afterEach(disposeHosts);

describe('engine basics', () => {
  it('runs manual → transform → transform, persisting every step', async () => {
    const host = await engineHost();
    const detail = await runToEnd(
      host,
      chain('Greet', [
        node('manual.trigger', {}, { id: 'start', name: 'Start' }),
        node('transform.edit', { fields: [{ name: 'greeting', value: 'Hello {{ $json.name }}' }] }, { id: 'a', name: 'Greet' }),
        node('transform.edit', { fields: [{ name: 'length', value: '{{ $json.greeting.length }}' }], remove: ['name'] }, { id: 'b', name: 'Measure' }),
      ]),
      { name: 'Ada' },
    );
    expect(detail.status).toBe('succeeded');
    expect(detail.steps.map((step) => [step.nodeId, step.status, step.attempt])).toEqual([
      ['start', 'succeeded', 1],
      ['a', 'succeeded', 1],
      ['b', 'succeeded', 1],
    ]);
    expect(detail.output.value).toEqual([{ json: { greeting: 'Hello Ada', length: 9 }, pairedItem: { item: 0 } }]);
    expect(detail.steps[1]!.input.value).toEqual({ main: [{ json: { name: 'Ada' } }] });
    const stored = host.store.db.prepare('SELECT count(*) FROM execution_steps WHERE execution_id = ?').pluck().get(detail.id);
    expect(stored).toBe(3);
  });

  it('counts runs recorded before a restart into the metrics', async () => {
    const dataDir = tempDir();
    let host = await engineHost({ dataDir });
    await runToEnd(host, chain('Counted', [node('manual.trigger', {}, { id: 'start', name: 'Start' }), node('no-op.pass', {}, { id: 'x', name: 'X' })]));
    await disposeHosts();
    host = await engineHost({ dataDir });
    const metrics = host.engine.metricsView();
    expect(metrics.workflows).toMatchObject([{ name: 'Counted', count: 1, succeeded: 1, successRate: 1 }]);
    expect(metrics.nodeTypes.map((row) => row.key).sort()).toEqual(['manual.trigger', 'no-op.pass']);
  });
});

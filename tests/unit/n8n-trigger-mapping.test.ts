import { Cron } from 'croner';
import { describe, expect, it } from 'vitest';
import { importN8nWorkflow, type N8nExport } from '../../electron/main/services/engine/n8n/import-n8n';

const exportWith = (type: string, parameters: Record<string, unknown>): N8nExport => ({
  name: 'Legacy schedule',
  nodes: [{ id: '1', name: 'When', type, typeVersion: 1, position: [0, 0], parameters }],
  connections: {},
});

const trigger = (type: string, parameters: Record<string, unknown>) => {
  const imported = importN8nWorkflow(exportWith(type, parameters), () => undefined);
  expect(imported.unsupported).toEqual([]);
  return { node: imported.document.nodes[0]!, notes: imported.notes };
};

describe("n8n's Cron and Interval nodes", () => {
  it('become schedule triggers that fire when n8n fired them', () => {
    const weekly = trigger('n8n-nodes-base.cron', { triggerTimes: { item: [{ mode: 'everyWeek', hour: 9, minute: 30, weekday: 1 }] } });
    expect(weekly.node).toMatchObject({ type: 'schedule.trigger', parameters: { cron: '0 30 9 * * 1' } });
    const next = new Cron(String(weekly.node.parameters.cron), { timezone: 'UTC' }).nextRun(new Date('2024-05-15T00:00:00Z'))!;
    expect(next.toISOString()).toBe('2024-05-20T09:30:00.000Z');

    const custom = trigger('n8n-nodes-base.cron', { triggerTimes: { item: [{ mode: 'custom', cronExpression: '0 */15 * * * *' }, { mode: 'everyHour', minute: 5 }] } });
    expect(custom.node.parameters).toEqual({ cron: '0 */15 * * * *' });
    expect(custom.notes.join(' ')).toMatch(/had 2 trigger times/);

    expect(trigger('n8n-nodes-base.interval', { interval: 10, unit: 'minutes' }).node.parameters).toEqual({ every: 10, unit: 'minutes' });
    expect(trigger('n8n-nodes-base.interval', {}).node.parameters).toEqual({ every: 1, unit: 'seconds' });
  });
});

describe("n8n's Wait node", () => {
  const waitOf = (typeVersion: number, parameters: Record<string, unknown>) => {
    const imported = importN8nWorkflow({ name: 'Pause', nodes: [{ id: '1', name: 'Wait', type: 'n8n-nodes-base.wait', typeVersion, position: [0, 0], parameters }], connections: {} }, () => undefined);
    return imported.document.nodes[0]!.parameters;
  };

  it("keeps n8n's defaults of each version: 1 hour in version 1, 5 seconds since 1.1", () => {
    expect(waitOf(1, {})).toEqual({ mode: 'interval', amount: 1, unit: 'hours' });
    expect(waitOf(1.1, {})).toEqual({ mode: 'interval', amount: 5, unit: 'seconds' });
    expect(waitOf(1.1, { amount: 2 })).toEqual({ mode: 'interval', amount: 2, unit: 'seconds' });
    expect(waitOf(1, { amount: 2, unit: 'minutes' })).toEqual({ mode: 'interval', amount: 2, unit: 'minutes' });
  });
});

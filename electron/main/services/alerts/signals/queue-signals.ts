import type { AlertSignal } from './signal';

export interface QueueReading {
  depth: number;
  lagMs: number;
}

/** The run queue as alert signals: how many runs wait, and how long the oldest ready one has waited. */
export function queueSignals(read: () => QueueReading | undefined): AlertSignal[] {
  const defaults = (threshold: number) => ({ threshold, windowSeconds: 60, cooldownSeconds: 600, minSamples: 1 });
  const measure = (value: (queue: QueueReading) => number, detail: (queue: QueueReading) => string) => () => {
    const queue = read();
    return queue ? [{ subjectKey: 'queue', subjectName: 'Run queue', value: value(queue), samples: 1, detail: detail(queue) }] : [];
  };
  return [
    {
      info: { kind: 'queue_depth', label: 'Queue depth', description: 'Runs waiting in the queue.', unit: 'runs', scope: 'global', subject: 'queue', usesWindow: false, defaults: defaults(1000) },
      measure: measure((queue) => queue.depth, (queue) => `${queue.depth} runs waiting`),
    },
    {
      info: { kind: 'queue_lag', label: 'Queue lag', description: 'How long the oldest ready run has waited to start.', unit: 'seconds', scope: 'global', subject: 'queue', usesWindow: false, defaults: defaults(60) },
      measure: measure((queue) => queue.lagMs / 1000, (queue) => `${queue.depth} runs waiting`),
    },
  ];
}

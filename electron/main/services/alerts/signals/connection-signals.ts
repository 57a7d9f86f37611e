import type { Connection, HealthSample } from '../../../../../shared/contract/integrations';
import type { AlertSignal } from './signal';

const MONITORED = new Set(['connected', 'error']);
const SAMPLES_READ = 100;

/** Connections failing their health checks: failed checks in a row, within the window. */
export function connectionSignal(connections: () => Connection[], recent: (id: string, limit: number) => HealthSample[]): AlertSignal {
  return {
    info: {
      kind: 'connection_failing',
      label: 'Connection failing its health check',
      description: 'Health checks of a connection that failed in a row (within the window). Resolves at the first check that passes.',
      unit: 'checks',
      scope: 'global',
      subject: 'connection',
      usesWindow: true,
      defaults: { threshold: 3, windowSeconds: 3600, cooldownSeconds: 1800, minSamples: 1 },
    },
    measure: (scope, now) =>
      connections()
        .filter((connection) => MONITORED.has(connection.status))
        .map((connection) => {
          const samples = recent(connection.id, SAMPLES_READ).filter((sample) => Date.parse(sample.at) >= now - scope.windowSeconds * 1000);
          let failing = 0;
          for (let index = samples.length - 1; index >= 0 && !samples[index]!.ok; index--) failing++;
          const last = samples.at(-1);
          return { subjectKey: `connection:${connection.id}`, subjectName: connection.name, value: failing, samples: samples.length, detail: last?.error ?? undefined };
        }),
  };
}

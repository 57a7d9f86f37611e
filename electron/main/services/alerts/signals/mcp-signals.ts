import type { ServerStatus } from '../../../../../shared/contract/mcp';
import type { AlertSignal } from './signal';

export interface ServerReading {
  id: string;
  name: string;
  status: ServerStatus;
  restarts: number;
}

interface Watched {
  name: string;
  status: ServerStatus;
  restarts: number;
  crashes: number[];
  downSince: number | null;
  /** Crashes within the window when the breaker stopped restarts: held until it runs again. */
  held: number;
}

const DOWN: ReadonlySet<ServerStatus> = new Set(['backoff', 'crashed']);
const UP: ReadonlySet<ServerStatus> = new Set(['running', 'degraded']);
const CRASH_MEMORY_MS = 86_400_000;

/**
 * Follows MCP servers' states as they change (every runtime change is observed, not sampled):
 * each move into backoff or crashed is a crash; a server is down from its first crash until it
 * runs again or a person stops it.
 */
export class McpWatch {
  private readonly servers = new Map<string, Watched>();

  constructor(private readonly crashWindowMs: () => number) {}

  observe(readings: readonly ServerReading[], now: number): void {
    const present = new Set<string>();
    for (const reading of readings) {
      present.add(reading.id);
      let watched = this.servers.get(reading.id);
      if (!watched) {
        this.servers.set(reading.id, (watched = { name: reading.name, status: reading.status, restarts: reading.restarts, crashes: [], downSince: DOWN.has(reading.status) ? now : null, held: 0 }));
        if (DOWN.has(reading.status)) watched.crashes.push(now);
      }
      watched.name = reading.name;
      const entered = DOWN.has(reading.status) && !DOWN.has(watched.status);
      // Restarts it made that were not seen as transitions still count as crashes.
      const missed = Math.max(0, reading.restarts - watched.restarts - (entered ? 1 : 0));
      for (let i = 0; i < (entered ? 1 : 0) + missed; i++) watched.crashes.push(now);
      watched.crashes = watched.crashes.filter((at) => now - at < CRASH_MEMORY_MS);
      if (DOWN.has(reading.status)) watched.downSince ??= now;
      else if (UP.has(reading.status) || reading.status === 'stopped') watched.downSince = null;
      if (reading.status === 'crashed' && watched.status !== 'crashed') watched.held = this.recent(watched, now);
      if (reading.status !== 'crashed') watched.held = 0;
      watched.status = reading.status;
      watched.restarts = reading.restarts;
    }
    for (const id of [...this.servers.keys()]) if (!present.has(id)) this.servers.delete(id);
  }

  private recent(watched: Watched, now: number, windowMs = this.crashWindowMs()): number {
    return watched.crashes.filter((at) => now - at < windowMs).length;
  }

  signals(): AlertSignal[] {
    return [
      {
        info: {
          kind: 'mcp_crash_loop',
          label: 'MCP server crash-looping',
          description: 'Crashes of an MCP server within the window; held while its crash-loop breaker keeps it stopped.',
          unit: 'crashes',
          scope: 'global',
          subject: 'MCP server',
          usesWindow: true,
          defaults: { threshold: 3, windowSeconds: 600, cooldownSeconds: 1800, minSamples: 1 },
        },
        measure: (scope, now) =>
          [...this.servers.entries()].map(([id, watched]) => {
            const count = Math.max(this.recent(watched, now, scope.windowSeconds * 1000), watched.held);
            return { subjectKey: `mcp:${id}`, subjectName: watched.name, value: count, samples: 1, detail: `status ${watched.status}, ${watched.restarts} automatic restarts` };
          }),
      },
      {
        info: {
          kind: 'mcp_server_down',
          label: 'MCP server down',
          description: 'How long an MCP server has been crashed or restarting (a server a person stopped is not down).',
          unit: 'seconds',
          scope: 'global',
          subject: 'MCP server',
          usesWindow: false,
          defaults: { threshold: 120, windowSeconds: 600, cooldownSeconds: 1800, minSamples: 1 },
        },
        measure: (_scope, now) =>
          [...this.servers.entries()].map(([id, watched]) => ({
            subjectKey: `mcp:${id}`,
            subjectName: watched.name,
            value: watched.downSince === null ? 0 : (now - watched.downSince) / 1000,
            samples: 1,
            detail: `status ${watched.status}`,
          })),
      },
    ];
  }
}

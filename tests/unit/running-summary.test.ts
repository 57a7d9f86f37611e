import { describe, expect, it } from 'vitest';
import { runningSummary } from '../../electron/main/services/app/running-summary';

const queue = { depth: 0, ready: 0, delayed: 0, running: 0, waiting: 0, deadLetter: 0, lagMs: 0, capacity: 100, concurrency: 4 };

describe('the tray summary', () => {
  it('says when nothing runs', () => {
    expect(runningSummary([], queue)).toEqual({ summary: 'No MCP servers · no runs in progress', busy: false });
  });

  it('counts running servers and active runs, and names failed runs', () => {
    const servers = [{ status: 'running' as const }, { status: 'degraded' as const }, { status: 'crashed' as const }];
    expect(runningSummary(servers, { ...queue, running: 1, ready: 2, deadLetter: 1 })).toEqual({
      summary: '2 of 3 MCP servers running · 3 runs in progress · 1 failed run to look at',
      busy: true,
    });
  });
});

// The cost of the contract itself: a call straight through the router, and the same call over the WebSocket bridge.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { startServer } from '../electron/main/serve/http-server';
import { createHost } from '../electron/main/services/host';
import { MemoryKeyValueStore } from '../electron/main/services/preferences/preferences-service';
import { percentiles, report, round } from './stats';

const CALLS = 2000;

export default async function apiBench(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'echelon-bench-api-'));
  const host = createHost({ shell: 'serve', dataDir, preferences: new MemoryKeyValueStore() });
  const server = await startServer({ host, port: 0, rendererDir: dataDir });
  try {
    const direct: number[] = [];
    for (let i = 0; i < CALLS; i++) {
      const start = performance.now();
      await host.router.call('preferences.get', {}, { caller: 'test' });
      direct.push((performance.now() - start) * 1000);
    }
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/ws?token=${server.token}`);
    await new Promise((resolve) => ws.once('open', resolve));
    const overWs: number[] = [];
    for (let i = 0; i < CALLS; i++) {
      const start = performance.now();
      await new Promise<void>((resolve) => {
        ws.once('message', () => resolve());
        ws.send(JSON.stringify({ type: 'invoke', id: i, method: 'preferences.get', input: {} }));
      });
      overWs.push((performance.now() - start) * 1000);
    }
    ws.close();
    const a = percentiles(direct);
    const b = percentiles(overWs);
    report({ bench: 'api.router_call', unit: 'us', calls: CALLS, p50: round(a.p50), p95: round(a.p95), p99: round(a.p99) });
    report({ bench: 'api.websocket_round_trip', unit: 'us', calls: CALLS, p50: round(b.p50), p95: round(b.p95), p99: round(b.p99), ratio_p50_vs_router: round(b.p50 / a.p50) });
  } finally {
    await server.close();
    await host.dispose();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await apiBench();

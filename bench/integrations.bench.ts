// The cost of the integrations layer: a GET through `request()` (auth, token bucket, cache lookup,
// retry logic) against a direct undici fetch to the same local server, and a cache hit.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fetch } from 'undici';
import restManifest from '../integrations/rest/1.0.0/manifest';
import { openUnlockedHost } from '../tests/helpers/vault';
import { percentiles, report, round } from './stats';

const ROUNDS = 5;
const CALLS_PER_ROUND = 400;
const CALLS = ROUNDS * CALLS_PER_ROUND;

async function measure(call: () => Promise<unknown>, samples: number[]): Promise<void> {
  for (let i = 0; i < CALLS_PER_ROUND; i++) {
    const start = performance.now();
    await call();
    samples.push((performance.now() - start) * 1000);
  }
}

export default async function integrationsBench(): Promise<void> {
  const server = http.createServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true,"items":[1,2,3]}'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'echelon-bench-integrations-'));
  // The real vault holds the bearer token: request_bearer includes its decrypt and audit entry.
  // Run with tsx there is no bundler to discover integrations/, so the one used is passed in.
  const host = await openUnlockedHost(dataDir, {
    shell: 'cli',
    plugins: { manifests: { 'integrations/rest/1.0.0/manifest.ts': restManifest }, modules: { 'integrations/rest/1.0.0/plugin.ts': () => import('../integrations/rest/1.0.0/plugin') } },
  });
  try {
    const integrations = host.integrations;
    const plain = integrations.connections.create({ pluginId: 'rest', name: 'Bench', config: { baseUrl: url }, auth: { type: 'none' } });
    const bearer = integrations.connections.create({ pluginId: 'rest', name: 'Bench bearer', config: { baseUrl: url }, auth: { type: 'bearer', token: 'bench-token-0123456789' } });
    const cached = integrations.connections.create({ pluginId: 'rest', name: 'Bench cached', config: { baseUrl: url }, auth: { type: 'none' }, settings: { cacheTtlSeconds: 3600 } });
    // A hit is served to the same credential only, so the token is read (and audited) on each one.
    const cachedBearer = integrations.connections.create({ pluginId: 'rest', name: 'Bench cached bearer', config: { baseUrl: url }, auth: { type: 'bearer', token: 'bench-token-0123456789' }, settings: { cacheTtlSeconds: 3600 } });

    const cases: [string, () => Promise<unknown>][] = [
      ['integrations.direct_fetch', async () => (await fetch(`${url}/items`)).json()],
      ['integrations.request_no_connection', () => integrations.request(undefined, { url: `${url}/items` })],
      ['integrations.request_connection', () => integrations.request(plain.id, { url: '/items' })],
      ['integrations.request_bearer', () => integrations.request(bearer.id, { url: '/items' })],
      ['integrations.request_cache_hit', () => integrations.request(cached.id, { url: '/items' })],
      ['integrations.request_bearer_cache_hit', () => integrations.request(cachedBearer.id, { url: '/items' })],
    ];
    const samples = cases.map(() => [] as number[]);
    for (const [, call] of cases) for (let i = 0; i < 200; i++) await call();
    // Rounds interleave the cases, so drift on a shared machine spreads over all of them.
    for (let round = 0; round < ROUNDS; round++) for (const [index, [, call]] of cases.entries()) await measure(call, samples[index]!);
    const direct = percentiles(samples[0]!);
    for (const [index, [name]] of cases.entries()) {
      const result = percentiles(samples[index]!);
      const overhead = index === 0 ? {} : { overhead_p50_us: round(result.p50 - direct.p50) };
      report({ bench: name, unit: 'us', calls: CALLS, p50: round(result.p50), p95: round(result.p95), p99: round(result.p99), ...overhead });
    }
  } finally {
    await host.dispose();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await integrationsBench();

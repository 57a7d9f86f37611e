import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startMetricsServer } from '../../electron/main/serve/metrics-route';
import { connectApi, waitUntil, type ApiClient } from '../helpers/api';
import { FLAKY } from '../helpers/alerts';
import { CLI_TEST, startServe, type ServeProcess } from '../helpers/cli';
import { disposeHosts, engineHost } from '../helpers/engine';
import { startPrometheus, type PrometheusServer } from '../helpers/prometheus';
import { tempDir } from '../helpers/temp-dir';

const SCRAPE_TOKEN = 'scrape-0b1c2d3e4f5a6b7c8d9e';

const closers: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await disposeHosts();
});

async function serve(env: NodeJS.ProcessEnv = {}): Promise<{ server: ServeProcess; api: ApiClient }> {
  const server = await startServe(tempDir(), [], env);
  closers.push(() => server.stop());
  const api = await connectApi(server);
  closers.push(() => api.close());
  return { server, api };
}

/** fetch cannot send another Host header: a DNS-rebinding request, made with node:http. */
const statusWithHost = (port: number, host: string, token: string) =>
  new Promise<number>((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: '/metrics', headers: { host, authorization: `Bearer ${token}` } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    }).on('error', reject);
  });

const scrape = (port: number, headers: Record<string, string> = {}) => fetch(`http://127.0.0.1:${port}/metrics`, { headers });

describe('/metrics for Prometheus', () => {
  it('is scraped by a real Prometheus, whose API then reports the runs made', CLI_TEST, async () => {
    const { server, api } = await serve({ ECHELON_METRICS_TOKEN: SCRAPE_TOKEN });
    const { id } = await api.call('workflows.save', { document: FLAKY });
    for (let i = 0; i < 7; i++) await api.call('workflows.run', { id, input: { fail: false }, wait: true });
    for (let i = 0; i < 2; i++) await api.call('workflows.run', { id, input: { fail: true }, wait: true });

    const prometheus: PrometheusServer = await startPrometheus({ port: server.port, token: SCRAPE_TOKEN });
    closers.push(() => prometheus.stop());
    const counts = await waitUntil(
      async () => {
        const result = await prometheus.query(`echelon_executions_total{workflow_id="${id}"}`);
        return result.length === 2 ? Object.fromEntries(result.map((sample) => [sample.metric.status, Number(sample.value[1])])) : undefined;
      },
      30_000,
      'Prometheus to scrape the counters',
    );
    expect(counts).toEqual({ succeeded: 7, failed: 2 });
    const [sample] = await prometheus.query(`echelon_executions_total{workflow_id="${id}", status="succeeded"}`);
    expect(sample!.metric).toMatchObject({ job: 'echelon', workflow: 'Nightly sync', instance: `127.0.0.1:${server.port}` });
    expect(await prometheus.query('up{job="echelon"}')).toMatchObject([{ value: [expect.any(Number), '1'] }]);
    const steps = await prometheus.query('sum by (node_type) (echelon_step_duration_seconds_count)');
    expect(Object.fromEntries(steps.map((row) => [row.metric.node_type, Number(row.value[1])]))).toEqual({ 'manual.trigger': 9, 'transform.edit': 9 });
    expect(await prometheus.query('echelon_queue_depth')).toMatchObject([{ value: [expect.any(Number), '0'] }]);
    expect((await prometheus.query('process_resident_memory_bytes{job="echelon"}')).length).toBe(1);
  });

  it('takes the serve token or a scrape token, and a scrape token opens nothing else', async () => {
    const { server, api } = await serve();
    expect((await scrape(server.port)).status).toBe(401);
    expect((await scrape(server.port, { authorization: 'Bearer wrong' })).status).toBe(401);
    const withServe = await scrape(server.port, { authorization: `Bearer ${server.token}` });
    expect(withServe.status).toBe(200);
    expect(withServe.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    expect(await statusWithHost(server.port, `example.com:${server.port}`, server.token)).toBe(403);

    const { token } = await api.call('telemetry.metrics.rotateToken', {});
    expect((await api.call('telemetry.get', {})).metrics.scrapeToken).toBe('settings');
    expect((await scrape(server.port, { authorization: `Bearer ${token}` })).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${server.port}/`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    await api.call('telemetry.metrics.clearToken', {});
    expect((await scrape(server.port, { authorization: `Bearer ${token}` })).status).toBe(401);
  });

  it('follows Prometheus naming conventions and never labels a single run', async () => {
    const host = await engineHost();
    const { id } = host.engine.workflows.save({ document: FLAKY });
    const { row } = await host.engine.run({ workflowId: id, input: { fail: true } });
    await host.engine.waitFor(row.id);
    const text = await host.telemetry.metrics.text();
    const families = [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((match) => ({ name: match[1]!, type: match[2]! }));
    const ours = families.filter((family) => family.name.startsWith('echelon_'));
    expect(ours.map((family) => family.name)).toEqual(
      expect.arrayContaining(['echelon_executions_total', 'echelon_execution_duration_seconds', 'echelon_step_duration_seconds', 'echelon_queue_depth', 'echelon_queue_lag_seconds', 'echelon_mcp_server_up', 'echelon_mcp_tool_call_duration_seconds', 'echelon_connection_up', 'echelon_agent_tasks_total', 'echelon_gen_ai_tokens_total', 'echelon_alerts_firing']),
    );
    for (const family of ours) {
      if (family.type === 'counter') expect(family.name).toMatch(/_total$/);
      else expect(family.name).not.toMatch(/_total$/);
      if (family.type === 'histogram') expect(family.name).toMatch(/_seconds$/);
    }
    const labels = new Set([...text.matchAll(/^echelon_\w+\{([^}]*)\}/gm)].flatMap((match) => [...match[1]!.matchAll(/(\w+)="/g)].map((label) => label[1]!)));
    expect([...labels].filter((label) => /execution|run_id|step_id|trace/.test(label))).toEqual([]);
  });

  it('serves /metrics alone, scrape tokens only, for processes without the UI', async () => {
    const host = await engineHost();
    const token = host.telemetry.settings.rotateScrapeToken();
    const listener = await startMetricsServer(host.telemetry, 0);
    closers.push(() => listener.close());
    expect((await scrape(listener.port, { authorization: `Bearer ${token}` })).status).toBe(200);
    expect((await scrape(listener.port)).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${listener.port}/api/ws`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(404);
  });
});

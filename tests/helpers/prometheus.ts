import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { waitUntil } from './api';
import { tempDir } from './temp-dir';
import { freePort } from './free-port';

/** Debian's Prometheus (`apt-get install -y prometheus`); PROMETHEUS_PATH picks another. */
export const PROMETHEUS = process.env.PROMETHEUS_PATH ?? '/usr/bin/prometheus';

export interface PrometheusServer {
  url: string;
  /** An instant query through the HTTP API: the result vector. */
  query(expression: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>>;
  stop(): Promise<void>;
}

/**
 * A real Prometheus with its own config and storage in a temp dir, on a free loopback port,
 * scraping `target` every second with a bearer token.
 */
export async function startPrometheus(target: { port: number; token: string }): Promise<PrometheusServer> {
  if (!fs.existsSync(PROMETHEUS)) throw new Error(`Prometheus is not installed at ${PROMETHEUS}: apt-get install -y prometheus (or set PROMETHEUS_PATH).`);
  const dir = tempDir('echelon-prometheus-');
  const port = await freePort();
  const config = path.join(dir, 'prometheus.yml');
  fs.writeFileSync(
    config,
    [
      'global:',
      '  scrape_interval: 1s',
      '  evaluation_interval: 1s',
      'scrape_configs:',
      '  - job_name: echelon',
      '    metrics_path: /metrics',
      '    authorization:',
      '      type: Bearer',
      `      credentials: ${target.token}`,
      '    static_configs:',
      `      - targets: ['127.0.0.1:${target.port}']`,
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(PROMETHEUS, [`--config.file=${config}`, `--storage.tsdb.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(
    async () => {
      if (child.exitCode !== null) throw new Error(`Prometheus exited with ${child.exitCode}: ${stderr}`);
      const ready = await fetch(`${url}/-/ready`).then((response) => response.ok, () => false);
      return ready ? true : undefined;
    },
    30_000,
    'Prometheus to be ready',
  );
  return {
    url,
    async query(expression) {
      const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expression)}`);
      const body = (await response.json()) as { status: string; error?: string; data: { resultType: string; result: Array<{ metric: Record<string, string>; value: [number, string] }> } };
      if (body.status !== 'success') throw new Error(`Prometheus query failed: ${body.error}`);
      return body.data.result;
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

// The operator's pages at volume: 100,000 executions made through the engine (not by SQL), then
// `echelon serve` on that data and headless Chromium (1400×900, no GPU): time to content of the
// dashboard and of the executions page, opened from another page and loaded cold, and fps over
// 3 s of continuous scrolling of the executions list. One JSON line per figure.
import fs from 'node:fs';
import os from 'node:os';
import { startServe } from '../tests/helpers/cli';
import type { WorkflowDocument } from '../shared/workflow/document';
import { framesWhile, launchChromium, msSinceNavigation, timeUntil, VIEWPORT } from './browser';
import { benchHost, THREE_STEPS } from './engine-fixtures';
import { report, round } from './stats';

const EXECUTIONS = Number(process.env.BENCH_DASHBOARD_EXECUTIONS ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const REPEATS = 3;

/** A run that fails in its second step: the expression reads past an undefined field. */
const FAILING: WorkflowDocument = {
  ...THREE_STEPS,
  name: 'Bench: fails in its second step',
  nodes: THREE_STEPS.nodes.map((node) => (node.id === 'double' ? { ...node, parameters: { fields: [{ name: 'broken', value: '{{ $json.missing.field }}' }] } } : node)),
};

/** Four workflows sharing the runs (percent each): three that succeed, and one failing run in twenty. */
const MIX: { document: WorkflowDocument; percent: number }[] = [
  { document: { ...THREE_STEPS, name: 'Bench: orders' }, percent: 50 },
  { document: { ...THREE_STEPS, name: 'Bench: invoices' }, percent: 30 },
  { document: { ...THREE_STEPS, name: 'Bench: reports' }, percent: 15 },
  { document: FAILING, percent: 5 },
];

/** Runs `EXECUTIONS` workflows through the engine of a throwaway data dir, every step saved. */
export async function fill(): Promise<{ dataDir: string; seconds: number; failed: number }> {
  const { host, dataDir } = await benchHost();
  try {
    const ids = MIX.map(({ document }) => host.engine.workflows.save({ document }).id);
    const pick = (n: number) => {
      let sum = 0;
      return ids.find((_, index) => (sum += MIX[index]!.percent) > n % 100)!;
    };
    const finished = () => host.engine.runStats.finished;
    const start = performance.now();
    let enqueued = 0;
    while (finished() < EXECUTIONS) {
      // Keep the queue full but bounded, as the engine bench does.
      while (enqueued < EXECUTIONS && enqueued - finished() < 4000) {
        await host.engine.run({ workflowId: pick(enqueued), input: { n: enqueued } });
        enqueued++;
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    await host.engine.persisted();
    const { failed } = host.store.db.prepare("SELECT count(*) AS failed FROM executions WHERE status = 'failed'").get() as { failed: number };
    return { dataDir, seconds: (performance.now() - start) / 1000, failed };
  } finally {
    await host.dispose();
  }
}

const DASHBOARD_READY = "document.querySelector('[data-testid=\"insight-runs\"] .stat-value') && document.querySelectorAll('[data-testid=\"insights-subject\"]').length > 0 && document.querySelectorAll('[data-testid=\"recent-failure\"]').length > 0";
const EXECUTIONS_READY = "document.querySelectorAll('[data-testid=\"execution-row\"]').length > 0 && /\\d/.test(document.querySelector('[data-testid=\"execution-count\"]')?.textContent ?? '')";

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export default async function dashboardBench(): Promise<void> {
  const filled = await fill();
  report({ bench: 'dashboard.fill', executions: EXECUTIONS, failed: filled.failed, seconds: round(filled.seconds), note: 'made through the engine, every step saved' });
  const server = await startServe(filled.dataDir);
  const browser = await launchChromium();
  const conditions = { viewport: '1400x900', gpu: false, browser: 'chromium headless', executions: EXECUTIONS, load_avg_1m: os.loadavg()[0]!.toFixed(1), cores: os.cpus().length };
  try {
    const page = await browser.newPage({ viewport: VIEWPORT });
    // Cold: a fresh page load straight onto each page, until its figures are drawn.
    const cold = async (hash: string, ready: string) => {
      await page.goto('about:blank');
      await page.goto(`${server.url}#/${hash}`, { waitUntil: 'commit' });
      return msSinceNavigation(page, ready);
    };
    // Warm: the app already open, the page chosen from another one.
    const warm = async (hash: string, ready: string) => {
      await page.evaluate("location.hash = '/settings'");
      await page.waitForSelector('[data-testid="page-settings"]');
      return timeUntil(page, `location.hash = '/${hash}'`, ready);
    };
    for (const [name, hash, ready] of [
      ['dashboard', '', DASHBOARD_READY],
      ['executions', 'executions', EXECUTIONS_READY],
    ] as const) {
      const colds: number[] = [];
      const warms: number[] = [];
      for (let i = 0; i < REPEATS; i++) colds.push(await cold(hash, ready));
      for (let i = 0; i < REPEATS; i++) warms.push(await warm(hash, ready));
      report({ bench: `dashboard.${name}_time_to_content`, unit: 'ms', cold_load_ms: median(colds), from_another_page_ms: median(warms), samples: { cold: colds, warm: warms }, goal_ms: 1000, conditions });
    }

    // Scrolling the list: a steady wheel-like scroll, 40 px a frame, down through the runs.
    await page.evaluate("location.hash = '/executions'");
    await timeUntil(page, '', EXECUTIONS_READY);
    const scroll = await framesWhile(page, SECONDS, "document.querySelector('.exec-scroll').scrollTop += 40;");
    const rows = (await page.evaluate("document.querySelectorAll('[data-testid=\"execution-row\"]').length")) as number;
    const scrolled = (await page.evaluate("document.querySelector('.exec-scroll').scrollTop")) as number;
    report({ bench: 'dashboard.executions_scroll', fps: scroll.fps, p95_frame_ms: scroll.p95FrameMs, worst_frame_ms: scroll.worstFrameMs, scrolled_px: scrolled, rows_in_dom: rows, goal_fps: 55, conditions });
  } finally {
    await browser.close();
    await server.stop();
    fs.rmSync(filled.dataDir, { recursive: true, force: true });
  }
}

// n8n compatibility over the corpus (../shared/n8n-corpus, or ECHELON_N8N_CORPUS): the share of
// files imported with every node mapped, the node types still blocking the most files, the
// share of pure workflows (no outside service) that run, the Code step's latency, and
// webhook → Code → respond beside webhook → Set → respond. One JSON line per figure.
import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { CodeSandbox } from '../electron/main/services/engine/code/code-sandbox';
import { importN8nWorkflow, isN8nExport, type N8nExport } from '../electron/main/services/engine/n8n/import-n8n';
import type { Host } from '../electron/main/services/host';
import type { WorkflowDocument } from '../shared/workflow/document';
import { benchHost } from './engine-fixtures';
import { compareWithN8n, type N8nFixture } from '../tests/helpers/n8n-parity';
import { corpusDir, isPureWorkflow } from './n8n-pure';
import { percentiles, report, round } from './stats';


/** n8n's own outputs for the pure corpus files (scripts/n8n-fixtures.ts). */
const FIXTURES = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '../tests/fixtures/n8n-outputs');

interface Corpus {
  files: number;
  parsed: number;
  allMapped: number;
  blocking: Map<string, number>;
  pure: Array<{ file: string; document: WorkflowDocument }>;
}

function readCorpus(dir: string): Corpus {
  const corpus: Corpus = { files: 0, parsed: 0, allMapped: 0, blocking: new Map(), pure: [] };
  for (const file of fs.readdirSync(path.join(dir, 'files')).filter((name) => name.endsWith('.json')).sort()) {
    corpus.files++;
    let source: unknown;
    try {
      source = JSON.parse(fs.readFileSync(path.join(dir, 'files', file), 'utf8'));
    } catch {
      continue;
    }
    if (!isN8nExport(source)) continue;
    let imported;
    try {
      imported = importN8nWorkflow(source, () => undefined);
    } catch {
      continue;
    }
    corpus.parsed++;
    if (imported.unsupported.length === 0) corpus.allMapped++;
    for (const type of new Set(imported.unsupported.map((node) => node.type))) corpus.blocking.set(type, (corpus.blocking.get(type) ?? 0) + 1);
    const nodes = (source as N8nExport).nodes;
    if (isPureWorkflow(nodes)) corpus.pure.push({ file, document: imported.document });
  }
  return corpus;
}

/** What real n8n produced for a corpus file, when scripts/n8n-fixtures.ts has stored it. */
function fixtureFor(file: string): N8nFixture | undefined {
  const stored = path.join(FIXTURES, file);
  return fs.existsSync(stored) ? (JSON.parse(fs.readFileSync(stored, 'utf8')) as N8nFixture) : undefined;
}

/**
 * Runs each pure workflow once. It counts as run when it ends as n8n's run did (succeeded,
 * without a fixture), and as matching when every node's output equals n8n's.
 */
async function runPure(host: Host, pure: Corpus['pure']): Promise<{ ran: number; compared: number; matched: number; failures: Map<string, number> }> {
  let ran = 0;
  let compared = 0;
  let matched = 0;
  const failures = new Map<string, number>();
  for (const { file, document } of pure) {
    let reason: string;
    try {
      const saved = host.engine.workflows.save({ document });
      const { row } = await host.engine.run({ workflowId: saved.id });
      const finished = await Promise.race([host.engine.waitFor(row.id), new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 15_000))]);
      const detail = host.engine.detail(row.id);
      const fixture = fixtureFor(file);
      const expected = fixture?.status ?? 'succeeded';
      if (fixture) compared++;
      if (finished && detail.status === expected) {
        ran++;
        const differences = fixture ? compareWithN8n(fixture, detail, host.engine.workflows.detail(saved.id)) : [];
        if (fixture && differences.length === 0) matched++;
        if (differences.length === 0) continue;
        reason = `differs from n8n: ${differences[0]!}`;
      } else reason = detail.error?.message ?? detail.status;
    } catch (error) {
      reason = (error as Error).message;
    }
    const key = reason.replace(/"[^"]*"/g, '"…"').slice(0, 90);
    failures.set(key, (failures.get(key) ?? 0) + 1);
  }
  return { ran, compared, matched, failures };
}

const node = (id: string, type: string, parameters: Record<string, unknown>) => ({ id, type, typeVersion: '1.0.0', name: id, position: { x: 0, y: 0 }, parameters: parameters as never });
const edge = (from: string, to: string) => ({ from: { node: from, output: 'main' }, to: { node: to, input: 'main' } });
const webhookFlow = (name: string, middle: ReturnType<typeof node>): WorkflowDocument => ({
  schemaVersion: 1,
  name,
  nodes: [node('hook', 'webhook.trigger', { path: name, method: 'POST', respond: 'respondNode' }), middle, node('reply', 'webhook.respond', { respondWith: 'firstIncomingItem' })],
  edges: [edge('hook', middle.id), edge(middle.id, 'reply')],
});

function load(url: string, connections: number, seconds: number): Promise<{ rps: number; errors: number; latencies: number[] }> {
  const latencies: number[] = [];
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        method: 'POST',
        connections,
        duration: seconds,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'bench', n: 21 }),
        setupClient: (client) => client.on('response', (_status: number, _bytes: number, time: number) => latencies.push(time)),
      },
      (error, result) => (error ? reject(error) : resolve({ rps: result.requests.total / result.duration, errors: result.errors + result.non2xx, latencies })),
    );
  });
}

async function codeStepLatency(): Promise<void> {
  const sandbox = new CodeSandbox({ workers: 1 });
  try {
    const started = performance.now();
    await sandbox.warm();
    const warmMs = performance.now() - started;
    const request = { code: 'return $input.all().map((item) => ({ json: { ...item.json, doubled: item.json.n * 2 } }));', mode: 'runOnceForAllItems' as const, items: [{ json: { n: 21 } }], timeoutMs: 5000, memoryBytes: 64 * 1024 * 1024, signal: new AbortController().signal };
    for (let i = 0; i < 50; i++) await sandbox.run(request);
    const samples: number[] = [];
    for (let i = 0; i < 500; i++) {
      const start = performance.now();
      await sandbox.run(request);
      samples.push(performance.now() - start);
    }
    const stats = percentiles(samples);
    report({ bench: 'n8n.code_step', what: 'trivial Code step in a warm sandbox (one item, round trip from the main thread)', unit: 'ms', p50: round(stats.p50, 3), p95: round(stats.p95, 3), p99: round(stats.p99, 3), warm_up_ms: round(warmMs, 0), runs: samples.length });
  } finally {
    await sandbox.dispose();
  }
}

export default async function n8nBench(): Promise<void> {
  const dir = corpusDir();
  if (!dir) {
    report({ bench: 'n8n', skipped: 'no corpus: set ECHELON_N8N_CORPUS to a folder with files/*.json (n8n exports)' });
  } else {
    const corpus = readCorpus(dir);
    report({ bench: 'n8n.import', corpus: dir, files: corpus.files, parsed: corpus.parsed, all_mapped: corpus.allMapped, all_mapped_share: round(corpus.allMapped / Math.max(1, corpus.files), 3), goal: 0.5 });
    const top = [...corpus.blocking].sort((a, b) => b[1] - a[1]).slice(0, 15);
    report({ bench: 'n8n.blocking_types', unit: 'files', top: Object.fromEntries(top) });

    const { host, dataDir } = await benchHost({ webhookPort: false });
    try {
      const { ran, compared, matched, failures } = await runPure(host, corpus.pure);
      const reasons = Object.fromEntries([...failures].sort((a, b) => b[1] - a[1]).slice(0, 8));
      report({
        bench: 'n8n.pure_workflows',
        pure: corpus.pure.length,
        ran_ok: ran,
        ran_ok_share: round(ran / Math.max(1, corpus.pure.length), 3),
        compared_with_n8n: compared,
        matched_n8n: matched,
        matched_n8n_share: compared > 0 ? round(matched / compared, 3) : null,
        goal: 0.9,
        top_failures: reasons,
      });
    } finally {
      await host.dispose();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }

  await codeStepLatency();

  const { host, dataDir } = await benchHost({ webhookPort: 0 });
  try {
    const set = webhookFlow('set', node('shape', 'transform.edit', { fields: [{ name: 'greeting', value: 'Hello {{ $json.body.name }}' }, { name: 'n', value: '{{ $json.body.n * 2 }}' }], include: 'none' }));
    const code = webhookFlow('code', node('shape', 'code.run', { code: 'return $input.all().map((item) => ({ json: { greeting: `Hello ${item.json.body.name}`, n: item.json.body.n * 2 } }));' }));
    host.engine.workflows.save({ document: set });
    host.engine.workflows.save({ document: code });
    const base = host.engine.webhookInfo().baseUrl!;
    await load(`${base}set`, 10, 2);
    await load(`${base}code`, 10, 2);
    // Side by side, alternated, so the machine's load falls on both alike.
    const totals = { set: [] as number[], code: [] as number[] };
    for (let round_ = 0; round_ < 2; round_++) {
      totals.set.push((await load(`${base}set`, 10, 5)).rps);
      totals.code.push((await load(`${base}code`, 10, 5)).rps);
    }
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    report({ bench: 'n8n.webhook_code_vs_set', unit: 'req/s', connections: 10, set: round(mean(totals.set), 0), code: round(mean(totals.code), 0), ratio: round(mean(totals.code) / mean(totals.set), 2), goal: 0.5 });
  } finally {
    await host.dispose();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

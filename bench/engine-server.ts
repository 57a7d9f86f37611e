// The engine under load for `engine.bench.ts`: its own process (one core), webhook listener and
// API on 127.0.0.1, so the load generator in the parent does not share its event loop.
import fs from 'node:fs';
import { startServer } from '../electron/main/serve/http-server';
import { benchHost, WEBHOOK_FLOW } from './engine-fixtures';

const { host, dataDir } = await benchHost({ webhookPort: 0 });
host.engine.workflows.save({ document: WEBHOOK_FLOW });
const server = await startServer({ host, port: 0, rendererDir: dataDir });
const ready = { readyMs: Math.round(performance.now()), rssMb: Math.round(process.memoryUsage().rss / 1048576) };
process.stdout.write(`${JSON.stringify({ webhookUrl: `${host.engine.webhookInfo().baseUrl}bench`, apiPort: server.port, token: server.token, ...ready })}\n`);

/** `count` finished runs two months old, three steps each, written straight into the database (what retention finds after a busy month). */
function seedOldRuns(count: number): void {
  const db = host.store.db;
  const old = Date.now() - 60 * 86_400_000;
  const execution = db.prepare(
    "INSERT INTO executions (workflow_id, workflow_version, workflow_name, status, trigger, priority, run_at, input, output, created_at, started_at, finished_at) VALUES ('wf-old', 1, 'Old', 'succeeded', 'webhook', 0, ?, ?, ?, ?, ?, ?)",
  );
  const step = db.prepare("INSERT INTO execution_steps (execution_id, seq, node_id, node_type, run_index, status, attempt, input, output, started_at, finished_at) VALUES (?, ?, ?, 'transform.edit', 0, 'succeeded', 1, ?, ?, ?, ?)");
  const payload = JSON.stringify({ main: [{ json: { name: 'bench', n: 42 } }] });
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const id = Number(execution.run(old, payload, payload, old, old, old).lastInsertRowid);
      for (let seq = 0; seq < 3; seq++) step.run(id, seq, `n${seq}`, payload, payload, old, old);
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
}

const oldLeft = () => host.store.db.prepare("SELECT count(*) FROM executions WHERE workflow_id = 'wf-old'").pluck().get() as number;

type Command = { type: 'seed'; count: number } | { type: 'prune' } | { type: 'old-left' } | 'stop';

process.on('message', (command: Command) => {
  if (command === 'stop') return void stop();
  if (command.type === 'seed') {
    seedOldRuns(command.count);
    process.send!({ seeded: command.count });
  } else if (command.type === 'prune') void host.engine.pruneNow().then((result) => process.send!({ pruned: result }));
  else process.send!({ oldLeft: oldLeft() });
});

async function stop(): Promise<void> {
  const counts = {
    ...(host.store.db.prepare('SELECT (SELECT count(*) FROM executions) AS executions, (SELECT count(*) FROM execution_steps) AS steps').get() as object),
    rssMb: Math.round(process.memoryUsage().rss / 1048576),
  };
  await server.close();
  await host.dispose();
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.send!(counts, () => process.exit(0));
}

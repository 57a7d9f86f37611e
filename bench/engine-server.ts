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

process.once('message', async () => {
  const counts = {
    ...(host.store.db.prepare('SELECT (SELECT count(*) FROM executions) AS executions, (SELECT count(*) FROM execution_steps) AS steps').get() as object),
    rssMb: Math.round(process.memoryUsage().rss / 1048576),
  };
  await server.close();
  await host.dispose();
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.send!(counts, () => process.exit(0));
});

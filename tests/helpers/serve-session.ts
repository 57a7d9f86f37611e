import { afterEach } from 'vitest';
import { connectApi, type ApiClient } from './api';
import { startServe, type ServeProcess } from './cli';
import { tempDir } from './temp-dir';

const sessions: Array<{ serve: ServeProcess; api: ApiClient }> = [];

/** `echelon serve` on a fresh data dir (or the one given) with an API client over its WebSocket; both stopped after the test. */
export async function serveSession(dataDir = tempDir()): Promise<{ serve: ServeProcess; api: ApiClient }> {
  const serve = await startServe(dataDir);
  const session = { serve, api: await connectApi(serve) };
  sessions.push(session);
  return session;
}

afterEach(async () => {
  for (const { serve, api } of sessions.splice(0)) {
    api.close();
    await serve.stop();
  }
});

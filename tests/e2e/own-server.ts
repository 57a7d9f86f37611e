import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectApi, type ApiClient } from '../helpers/api';
import { startServe, type ServeProcess } from '../helpers/cli';

/** A spec's own `echelon serve` on a fresh data dir, for specs whose pages count everything in it. */
export interface OwnServer extends ServeProcess {
  dataDir: string;
  api: ApiClient;
}

export async function startOwnServer(name: string): Promise<OwnServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `echelon-e2e-${name}-`));
  const server = await startServe(dataDir);
  return Object.assign(server, { dataDir, api: await connectApi(server) });
}

export async function stopOwnServer(server: OwnServer | undefined): Promise<void> {
  if (!server) return;
  server.api.close();
  await server.stop();
  fs.rmSync(server.dataDir, { recursive: true, force: true });
}

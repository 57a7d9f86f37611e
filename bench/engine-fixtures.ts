import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHost, type Host } from '../electron/main/services/host';
import { MemoryKeyValueStore } from '../electron/main/services/preferences/preferences-service';
import { diskPluginSources } from '../electron/main/services/registry/disk-plugin-sources';
import type { WorkflowDocument } from '../shared/workflow/document';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A host on a throwaway data dir, with the node types read from `integrations/`, its engine started. */
export async function benchHost(options: { webhookPort?: number | false; telemetry?: { metrics?: boolean } } = {}): Promise<{ host: Host; dataDir: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'echelon-bench-engine-'));
  const plugins = await diskPluginSources(path.join(ROOT, 'integrations'));
  const host = createHost({ shell: 'serve', dataDir, preferences: new MemoryKeyValueStore(), plugins, engine: { executor: { concurrency: 1024, capacity: 200_000 } }, telemetry: options.telemetry });
  await host.engine.start({ owner: 'bench', schedules: false, retention: false, webhookPort: options.webhookPort ?? false });
  return { host, dataDir };
}

const node = (id: string, type: string, x: number, parameters: Record<string, unknown>) => ({ id, type, typeVersion: '1.0.0', name: id, position: { x, y: 0 }, parameters: parameters as never });
const edge = (from: string, to: string) => ({ from: { node: from, output: 'main' }, to: { node: to, input: 'main' } });

/** manual → transform → transform: one expression per item, one static edit. */
export const THREE_STEPS: WorkflowDocument = {
  schemaVersion: 1,
  name: 'Bench: manual → transform → transform',
  nodes: [
    node('start', 'manual.trigger', 0, {}),
    node('double', 'transform.edit', 200, { fields: [{ name: 'double', value: '{{ $json.n * 2 }}' }] }),
    node('label', 'transform.edit', 400, { fields: [{ name: 'label', value: 'done' }], remove: ['n'] }),
  ],
  edges: [edge('start', 'double'), edge('double', 'label')],
};

/** webhook → transform → respond to webhook. */
export const WEBHOOK_FLOW: WorkflowDocument = {
  schemaVersion: 1,
  name: 'Bench: webhook → transform → respond',
  nodes: [
    node('hook', 'webhook.trigger', 0, { path: 'bench', method: 'POST', respond: 'respondNode' }),
    node('shape', 'transform.edit', 200, { fields: [{ name: 'greeting', value: 'Hello {{ $json.body.name }}' }, { name: 'n', value: '{{ $json.body.n * 2 }}' }], include: 'none' }),
    node('reply', 'webhook.respond', 400, { respondWith: 'firstIncomingItem' }),
  ],
  edges: [edge('hook', 'shape'), edge('shape', 'reply')],
};

import { createHost, type Host, type HostOptions } from '../../electron/main/services/host';
import { MemoryKeyValueStore } from '../../electron/main/services/preferences/preferences-service';
import type { EngineStartOptions } from '../../electron/main/services/engine/engine';
import type { WorkflowDocument, WorkflowNode } from '../../shared/workflow/document';
import { CountingServer } from './counting-server';
import { tempDir } from './temp-dir';

const opened: Host[] = [];
const servers: CountingServer[] = [];

/** A host on a fresh data dir with its engine started; disposed after the test. */
export async function engineHost(options: Partial<HostOptions> = {}, start: Partial<EngineStartOptions> = {}): Promise<Host> {
  const host = createHost({ shell: 'cli', dataDir: options.dataDir ?? tempDir(), preferences: new MemoryKeyValueStore(), ...options });
  opened.push(host);
  await host.engine.start({ owner: 'test', recover: true, ...start });
  return host;
}

/** A counting HTTP server for one test, stopped with the hosts after it. */
export async function countingServer(): Promise<CountingServer> {
  const server = await CountingServer.start();
  servers.push(server);
  return server;
}

/** Disposes the test's hosts, then stops its counting servers. */
export async function disposeHosts(): Promise<void> {
  for (const host of opened.splice(0).reverse()) await host.dispose();
  for (const server of servers.splice(0)) await server.stop();
}

let counter = 0;

/** A node with sensible defaults: `node('transform.edit', { fields: [...] })`. */
export function node(type: string, parameters: Record<string, unknown> = {}, extra: Partial<WorkflowNode> = {}): WorkflowNode {
  counter++;
  const name = extra.name ?? `${type.split('.')[0]} ${counter}`;
  return { id: extra.id ?? `n${counter}`, type, typeVersion: '1.0.0', name, position: { x: counter * 200, y: 0 }, parameters: parameters as WorkflowNode['parameters'], ...extra };
}

/** A linear workflow: each node feeds the next through main. */
export function chain(name: string, nodes: WorkflowNode[], extra: Partial<WorkflowDocument> = {}): WorkflowDocument {
  const edges = nodes.slice(1).map((to, i) => ({ from: { node: nodes[i]!.id, output: 'main' }, to: { node: to.id, input: 'main' } }));
  return { schemaVersion: 1, name, nodes, edges, settings: {}, ...extra };
}

/** Saves and runs a workflow, waiting for the end. */
export async function runToEnd(host: Host, document: WorkflowDocument, input?: unknown) {
  const saved = host.engine.workflows.save({ document });
  const { row } = await host.engine.run({ workflowId: saved.id, input: input as never });
  await host.engine.waitFor(row.id);
  return host.engine.detail(row.id);
}

/** The manual trigger most test workflows start with. */
export const manualStart = () => node('manual.trigger', {}, { id: 'start', name: 'Start' });

import type { ExecutionDetail } from '../../shared/contract/executions';

/** n8n exports for tests: nodes as n8n writes them, connections by name and input index. */

export type N8nNodeSpec = [name: string, type: string, typeVersion: number, parameters: Record<string, unknown>, extra?: Record<string, unknown>];
export type N8nLink = [from: string, to: string, input?: number, output?: number];

export function n8nExport(nodes: N8nNodeSpec[], links: N8nLink[], name = 'n8n test'): string {
  const connections: Record<string, { main: Array<Array<{ node: string; type: 'main'; index: number }>> }> = {};
  for (const [from, to, input = 0, output = 0] of links) {
    const outputs = (connections[from] ??= { main: [] }).main;
    while (outputs.length <= output) outputs.push([]);
    outputs[output]!.push({ node: to, type: 'main', index: input });
  }
  return JSON.stringify({
    name,
    nodes: nodes.map(([nodeName, type, typeVersion, parameters, extra], i) => ({ id: `id-${i}`, name: nodeName, type, typeVersion, position: [i * 200, 0], parameters, ...extra })),
    connections,
  });
}

/** A manual trigger, then the nodes in a line. */
export function n8nChain(nodes: N8nNodeSpec[]): string {
  const all: N8nNodeSpec[] = [['Start', 'n8n-nodes-base.manualTrigger', 1, {}], ...nodes];
  return n8nExport(
    all,
    all.slice(1).map((node, i) => [all[i]![0], node[0]]),
  );
}

/** The JSON of the items a node put on an output, over its runs. */
export function outputOf(execution: ExecutionDetail, nodeName: string, output = 'main'): unknown[] {
  return execution.steps
    .filter((step) => step.nodeName === nodeName && step.status !== 'running')
    .flatMap((step) => ((step.output.value as Record<string, Array<{ json: unknown }>> | null)?.[output] ?? []).map((item) => item.json));
}

import { isDeepStrictEqual } from 'node:util';
import type { ExecutionDetail } from '../../shared/contract/executions';
import type { WorkflowDetail } from '../../shared/contract/workflows';

/**
 * What real n8n produced for a workflow (written by scripts/n8n-fixtures.ts) and how an
 * Echelon execution of the same export compares with it, node by node.
 */
export interface N8nFixture {
  source: string;
  n8nVersion: string;
  workflow: unknown;
  status: 'succeeded' | 'failed';
  error?: string;
  /** Per node, per run: the items' JSON on each output, in n8n's output order. */
  outputs: Record<string, unknown[][][]>;
  /** Nodes whose output changed between two n8n runs (random ids, the current time): not compared. */
  volatile: string[];
}

/** JSON as it is stored: `undefined` fields dropped, so both sides compare alike. */
const normal = (value: unknown) => JSON.parse(JSON.stringify(value ?? null)) as unknown;

/** The differences between Echelon's execution and n8n's, as readable lines (none: they match). */
export function compareWithN8n(fixture: N8nFixture, execution: ExecutionDetail, workflow: WorkflowDetail): string[] {
  const differences: string[] = [];
  if (execution.status !== fixture.status) differences.push(`status: n8n ${fixture.status}${fixture.error ? ` (${fixture.error})` : ''}, Echelon ${execution.status}${execution.error ? ` (${execution.error.message})` : ''}`);
  for (const [name, runs] of Object.entries(fixture.outputs)) {
    if (fixture.volatile.includes(name)) continue;
    const node = workflow.document.nodes.find((found) => found.name === name);
    if (!node) {
      differences.push(`${name}: not in the imported workflow`);
      continue;
    }
    const outputNames = workflow.ports[node.id]?.outputs ?? ['main'];
    const steps = execution.steps.filter((step) => step.nodeId === node.id && step.status === 'succeeded');
    runs.forEach((outputs, run) => {
      const value = steps[run]?.output.value as Record<string, Array<{ json: unknown }>> | null | undefined;
      outputs.forEach((expected, index) => {
        const actual = (value?.[outputNames[index] ?? 'main'] ?? []).map((item) => item.json);
        if (!isDeepStrictEqual(normal(actual), normal(expected))) differences.push(`${name} (run ${run + 1}, output ${index}): n8n ${JSON.stringify(expected).slice(0, 300)}, Echelon ${JSON.stringify(actual).slice(0, 300)}`);
      });
    });
  }
  return differences;
}

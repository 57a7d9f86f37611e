import { EchelonError } from '../../../../../shared/contract/errors';
import type { JsonValue } from '../../../../../shared/workflow/document';
import type { ExecutionRepository, ExecutionRow, StepRow } from '../persistence/execution-repository';
import type { PayloadStore } from '../persistence/payloads';
import type { WriteBuffer } from '../persistence/write-buffer';

export interface RunFromPorts {
  executions: ExecutionRepository;
  payloads: PayloadStore;
  buffer: WriteBuffer;
  /** Queues a run of the workflow's current version from the given trigger node. */
  enqueue(workflowId: string, input: JsonValue | undefined, triggerNodeId: string | undefined): Promise<ExecutionRow>;
}

/**
 * A new run that starts at `nodeId` with the data it had in an earlier run: the steps before
 * it are copied from that run and replayed (nothing upstream is called again), then the node
 * and everything after it run afresh, on the workflow's current version. Re-running a failed
 * step with its real input is this, from the failed node.
 */
export async function runFrom(ports: RunFromPorts, source: ExecutionRow, nodeId: string): Promise<ExecutionRow> {
  const steps = ports.executions.steps(source.id);
  const first = steps.find((step) => step.nodeId === nodeId);
  if (!first) throw new EchelonError('invalid_input', `Node "${nodeId}" did not run in execution ${source.id}: run from a node that ran, or run the whole workflow.`);
  const before = steps.filter((step) => step.seq < first.seq);
  const unfinished = before.find((step) => step.status !== 'succeeded' && !(step.status === 'failed' && step.output !== null));
  if (unfinished) throw new EchelonError('conflict', `Step ${unfinished.seq + 1} ("${unfinished.nodeId}") before it did not finish in execution ${source.id}; run from that step instead.`);
  const input = ports.payloads.decode(source.input) as { node?: string; payload?: JsonValue } | undefined;
  const row = await ports.enqueue(source.workflowId, input?.payload ?? undefined, input?.node);
  // Not started yet (the executor takes it on a later turn): seeded now, it starts as a resumed run and replays these.
  row.startedAt = Date.now();
  ports.buffer.execution(row);
  for (const step of before) {
    const copy: StepRow = { ...step, executionId: row.id };
    ports.buffer.step({
      row: copy,
      prepare: () => {
        copy.input = reencode(ports.payloads, step.input, `${row.id}/${step.seq}-input.json`);
        copy.output = reencode(ports.payloads, step.output, `${row.id}/${step.seq}-output.json`);
      },
    });
  }
  ports.buffer.flush();
  return row;
}

/** A payload column under the new execution's id (a big one gets its own file: the old run may be pruned). */
function reencode(payloads: PayloadStore, text: string | null, file: string): string | null {
  if (text === null || !text.includes('"$file"')) return text;
  return payloads.encode(payloads.decode(text), () => file);
}

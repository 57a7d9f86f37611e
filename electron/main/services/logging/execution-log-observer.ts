import type { ExecutionObserver } from '../engine/observer';
import type { Logger } from './logger';

/**
 * Correlated log lines for runs: each failed or retried step and each execution that did not
 * succeed, with its execution id, workflow id and step, so the log viewer can follow one run.
 * Successes are debug lines (dropped unless ECHELON_LOG_LEVEL=debug).
 */
export function executionLogObserver(logger: Logger): ExecutionObserver {
  return {
    stepChanged(row, step, nodeName) {
      if (step.error === null || (step.status !== 'failed' && step.status !== 'waiting')) return;
      const error = JSON.parse(step.error) as { message?: string; code?: string };
      const retrying = step.status === 'waiting';
      logger.warn('engine', `Step "${nodeName ?? step.nodeId}" of execution ${row.id} ${retrying ? `failed (attempt ${step.attempt}), retrying` : 'failed'}: ${error.message ?? 'unknown error'}`, {
        executionId: row.id,
        workflowId: row.workflowId,
        step: `${step.seq}:${nodeName ?? step.nodeId}`,
        nodeType: step.nodeType,
        attempt: step.attempt,
        code: error.code,
      });
    },
    finished(row) {
      if (row.status === 'succeeded' && !logger.enabled('debug')) return;
      const duration = row.finishedAt !== null && row.startedAt !== null ? row.finishedAt - row.startedAt : undefined;
      const fields = { executionId: row.id, workflowId: row.workflowId, status: row.status, trigger: row.trigger, durationMs: duration };
      if (row.status === 'succeeded') {
        logger.debug('engine', `Execution ${row.id} of "${row.workflowName}" succeeded`, fields);
        return;
      }
      const error = row.error ? (JSON.parse(row.error) as { message?: string; nodeName?: string }) : {};
      logger.log(row.status === 'cancelled' ? 'info' : 'error', 'engine', `Execution ${row.id} of "${row.workflowName}" ${row.status}${error.message ? `: ${error.message}` : ''}`, {
        ...fields,
        ...(error.nodeName ? { step: error.nodeName } : {}),
      });
    },
  };
}

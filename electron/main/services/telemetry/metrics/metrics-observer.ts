import type { NodeServices } from '../../engine/node-api';
import type { ExecutionObserver } from '../../engine/observer';
import type { ExecutionRow, StepRow } from '../../engine/persistence/execution-repository';
import { isModelCall, modelUsage } from '../model-usage';
import type { EchelonMetrics } from './echelon-metrics';

const FINISHED_STEP = new Set(['succeeded', 'failed', 'cancelled']);

/** Feeds the engine's runs into the Prometheus metrics: executions, step durations, model tokens. */
export function metricsObserver(metrics: EchelonMetrics): ExecutionObserver {
  return {
    finished(row: ExecutionRow) {
      const started = row.startedAt ?? row.createdAt;
      metrics.execution(row.workflowId, row.workflowName, row.status, Math.max(0, (row.finishedAt ?? started) - started) / 1000);
    },
    stepChanged(_row: ExecutionRow, step: StepRow) {
      if (step.finishedAt === null) return;
      // A failed attempt that will be retried counts as a failed step of its own.
      const status = FINISHED_STEP.has(step.status) ? step.status : step.status === 'waiting' && step.error !== null ? 'failed' : undefined;
      if (status) metrics.step(step.nodeType, status, Math.max(0, step.finishedAt - step.startedAt) / 1000);
    },
    stepServices(services: NodeServices) {
      const integrations = services.integrations;
      if (!integrations) return services;
      return {
        ...services,
        integrations: {
          async runAction(call) {
            const result = await integrations.runAction(call);
            if (isModelCall(call)) {
              const usage = modelUsage(call, result);
              metrics.modelTokens(usage.responseModel ?? usage.requestModel ?? 'unknown', usage.inputTokens ?? 0, usage.outputTokens ?? 0);
            }
            return result;
          },
        },
      };
    },
  };
}

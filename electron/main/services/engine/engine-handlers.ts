import { EchelonError } from '../../../../shared/contract/errors';
import type { Handlers } from '../../../../shared/rpc/router';
import type { Engine } from './engine';

type EngineHandlers = Pick<
  Handlers,
  | 'workflows.list'
  | 'workflows.get'
  | 'workflows.save'
  | 'workflows.validate'
  | 'workflows.import'
  | 'workflows.export'
  | 'workflows.versions'
  | 'workflows.delete'
  | 'workflows.run'
  | 'workflows.nodeTypes'
  | 'workflows.webhooks'
  | 'executions.list'
  | 'executions.get'
  | 'executions.cancel'
  | 'executions.retry'
  | 'executions.discard'
  | 'executions.runFrom'
  | 'executions.metrics'
>;

export function engineHandlers(engine: Engine): EngineHandlers {
  return {
    'workflows.list': () => engine.workflows.list(),
    'workflows.get': ({ id, version }) => engine.workflows.detail(id, version),
    'workflows.save': ({ id, document, expectedVersion, strict }) => {
      const saved = engine.workflows.save({ id, document, expectedVersion, strict });
      return { id: saved.id, version: saved.version, problems: saved.report.problems };
    },
    'workflows.validate': ({ document }) => {
      const { ok, problems, ports } = engine.workflows.validate(document);
      return { ok, problems, ports };
    },
    'workflows.import': ({ text, replace }) => engine.workflows.import(text, { replace }),
    'workflows.export': ({ id, version }) => engine.workflows.export(id, version),
    'workflows.versions': ({ id }) => engine.workflows.versions(id),
    'workflows.delete': ({ id }) => ({ deleted: engine.workflows.delete(id) }),
    'workflows.run': async ({ id, input, priority, dedupKey, runAt, wait }) => {
      const runAtMs = runAt ? Date.parse(runAt) : undefined;
      const { row, deduplicated } = await engine.run({ workflowId: id, input, priority, dedupKey, runAt: runAtMs });
      if (!wait) {
        // Acknowledged once the queued run is on disk.
        await engine.persisted();
        return { executionId: row.id, deduplicated, status: row.status };
      }
      const finished = await engine.waitFor(row.id);
      return { executionId: finished.id, deduplicated, status: finished.status, execution: engine.detail(finished.id) };
    },
    'workflows.nodeTypes': () => engine.nodeTypes.catalog(),
    'workflows.webhooks': () => engine.webhookInfo(),
    'executions.list': ({ from, to, withTotal, ...filter }) => engine.list({ ...filter, from: from ? Date.parse(from) : undefined, to: to ? Date.parse(to) : undefined }, withTotal),
    'executions.get': ({ id }) => engine.detail(id),
    'executions.cancel': ({ id }) => engine.cancel(id),
    'executions.retry': ({ id }) => engine.retry(id),
    'executions.discard': ({ id }) => engine.discard(id),
    'executions.runFrom': ({ id, nodeId }) => engine.runFrom(id, nodeId),
    'executions.metrics': () => {
      if (!engine.isStarted) throw new EchelonError('unavailable', 'The workflow engine is not running in this process.');
      return engine.metricsView();
    },
  };
}

import { Activity } from 'lucide-react';
import { useState } from 'react';
import { ExecutionStatus } from '../../../shared/contract';
import { useApiQuery } from '../api/hooks';
import { CommandLine } from '../components/code';
import { EmptyState } from '../components/empty-state';
import { PageHeader } from '../components/page-header';
import { ExecutionDetailPanel } from '../executions/execution-detail';
import { ExecutionList } from '../executions/execution-list';
import { MetricsPanel } from '../executions/metrics-panel';
import { useLiveExecutions } from '../executions/use-live-executions';

type View = 'all' | 'dead-letter';

export function ExecutionsPage() {
  const [view, setView] = useState<View>('all');
  const [status, setStatus] = useState<ExecutionStatus | ''>('');
  const [selected, setSelected] = useState<number | undefined>();
  useLiveExecutions();
  const list = useApiQuery('executions.list', view === 'dead-letter' ? { deadLetter: true, limit: 100 } : { status: status || undefined, limit: 100 });
  const metrics = useApiQuery('executions.metrics', {}, { refetchInterval: 5000, retry: false });
  const items = list.data?.items ?? [];
  const nothingYet = list.isSuccess && items.length === 0 && view === 'all' && status === '';

  return (
    <div className="page" data-testid="page-executions">
      <PageHeader title="Executions" subtitle="Every workflow run, its steps, timings and errors." />
      {metrics.data && <MetricsPanel metrics={metrics.data} />}
      {nothingYet ? (
        <EmptyState icon={Activity} title="Nothing has run yet">
          <p>Runs appear here live, step by step. Run a workflow from the Workflows page, or from the command line:</p>
          <CommandLine>npx echelon workflow run my-workflow.json</CommandLine>
        </EmptyState>
      ) : (
        <div className={selected !== undefined ? 'split' : undefined}>
          <section className="card">
            <div className="toolbar">
              <div className="segmented" role="tablist" aria-label="Which executions">
                {(['all', 'dead-letter'] as const).map((option) => (
                  <button
                    key={option}
                    type="button"
                    role="tab"
                    aria-selected={view === option}
                    className={`segment${view === option ? ' selected' : ''}`}
                    data-testid={`view-${option}`}
                    onClick={() => setView(option)}
                  >
                    {option === 'all' ? 'All runs' : 'Dead letter'}
                  </button>
                ))}
              </div>
              {view === 'all' && (
                <label className="field-inline">
                  Status
                  <select value={status} onChange={(event) => setStatus(event.target.value as ExecutionStatus | '')} data-testid="status-filter">
                    <option value="">Any</option>
                    {ExecutionStatus.options.map((option) => (
                      <option key={option} value={option}>
                        {option}
                      </option>
                    ))}
                  </select>
                </label>
              )}
            </div>
            {items.length === 0 ? (
              <p className="muted" data-testid="no-executions">
                {view === 'dead-letter' ? 'The dead-letter list is empty: no run is waiting for a retry or a discard.' : 'No execution matches.'}
              </p>
            ) : (
              <div className="table-scroll">
                <ExecutionList items={items} selected={selected} onSelect={setSelected} actions={view === 'dead-letter' && selected === undefined} />
              </div>
            )}
          </section>
          {selected !== undefined && <ExecutionDetailPanel id={selected} onClose={() => setSelected(undefined)} />}
        </div>
      )}
    </div>
  );
}

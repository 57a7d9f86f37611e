import { Activity } from 'lucide-react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ExecutionSort } from '../../../shared/contract';
import { useApiQuery } from '../api/hooks';
import { CommandLine } from '../components/code';
import { EmptyState } from '../components/empty-state';
import { PageHeader } from '../components/page-header';
import { useDebouncedValue } from '../components/use-debounced-value';
import { ExecutionDetailPanel } from '../executions/execution-detail';
import { ExecutionFilters, isFiltered, NO_FILTER, type ExecutionFilter } from '../executions/execution-filters';
import { ExecutionList } from '../executions/execution-list';
import { MetricsTables, QueueStats } from '../executions/metrics-panel';
import { useLiveExecutions } from '../executions/use-live-executions';
import { useHashPath } from '../navigation/use-hash-path';
import '../executions/executions.css';

type View = 'all' | 'dead-letter' | 'statistics';
const VIEWS: Record<View, string> = { all: 'All runs', 'dead-letter': 'Dead letter', statistics: 'Statistics' };

/** `#/executions/<id>[/step/<seq>]` opens a run (and one of its steps) beside the list. */
function useSelection(): { id?: number; step?: number; select(id: number | undefined, step?: number): void } {
  const [path, go] = useHashPath('executions');
  const id = path[0] && /^\d+$/.test(path[0]) ? Number(path[0]) : undefined;
  const step = path[1] === 'step' && path[2] && /^\d+$/.test(path[2]) ? Number(path[2]) : undefined;
  const select = useCallback((next: number | undefined, nextStep?: number) => go(next === undefined ? [] : nextStep === undefined ? [next] : [next, 'step', nextStep]), [go]);
  return { id, step, select };
}

export function ExecutionsPage() {
  const [view, setView] = useState<View>('all');
  const [filter, setFilter] = useState<ExecutionFilter>(NO_FILTER);
  const [total, setTotal] = useState<number | undefined>();
  const { id: selected, step, select } = useSelection();
  useLiveExecutions();
  const metrics = useApiQuery('executions.metrics', {}, { refetchInterval: 5000, retry: false });
  const any = useApiQuery('executions.list', { limit: 1 });
  const text = useDebouncedValue(filter.text, 250);
  const query = useMemo(() => ({ ...filter, text, deadLetter: view === 'dead-letter' || undefined }), [filter, text, view]);
  const nothingYet = any.isSuccess && any.data.items.length === 0;

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && selected !== undefined && !(event.target instanceof HTMLInputElement)) select(undefined);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [select, selected]);

  const sortBy = (sort: ExecutionSort) => setFilter((current) => ({ ...current, sort, order: current.sort === sort && current.order === 'desc' ? 'asc' : 'desc' }));

  return (
    <div className="page wide executions-page" data-testid="page-executions">
      <PageHeader title="Executions" subtitle="Every workflow run, its steps, timings and errors." />
      {metrics.data && <QueueStats metrics={metrics.data} />}
      {nothingYet ? (
        <EmptyState icon={Activity} title="Nothing has run yet">
          <p>Runs appear here live, step by step. Run a workflow from the Workflows page, or from the command line:</p>
          <CommandLine>npx echelon workflow run my-workflow.json</CommandLine>
        </EmptyState>
      ) : (
        <>
          <div className="segmented" role="tablist" aria-label="Which executions">
            {(Object.keys(VIEWS) as View[]).map((option) => (
              <button key={option} type="button" role="tab" aria-selected={view === option} className={`segment${view === option ? ' selected' : ''}`} data-testid={`view-${option}`} onClick={() => setView(option)}>
                {VIEWS[option]}
              </button>
            ))}
          </div>
          {view === 'statistics' ? (
            metrics.data && <MetricsTables metrics={metrics.data} />
          ) : (
            <div className={selected !== undefined ? 'executions-split open' : 'executions-split'}>
              <section className="card executions-card">
                <ExecutionFilters filter={filter} onChange={setFilter} />
                {total === 0 ? (
                  <p className="muted no-executions" data-testid="no-executions">
                    {view === 'dead-letter' && !isFiltered(filter) ? 'The dead-letter list is empty: no run is waiting for a retry or a discard.' : 'No execution matches these filters.'}
                  </p>
                ) : null}
                <div hidden={total === 0}>
                  <ExecutionList filter={query} selected={selected} onSelect={(id) => select(id)} onSort={sortBy} onTotal={setTotal} />
                </div>
              </section>
              {selected !== undefined && <ExecutionDetailPanel key={selected} id={selected} step={step} onClose={() => select(undefined)} onOpenStep={(seq) => select(selected, seq)} />}
            </div>
          )}
        </>
      )}
    </div>
  );
}

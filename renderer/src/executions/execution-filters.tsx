import { Search, X } from 'lucide-react';
import { ExecutionStatus, TriggerKind, type ExecutionSort } from '../../../shared/contract';
import { useApiQuery } from '../api/hooks';

export type Period = 'any' | '1h' | '24h' | '7d' | '30d';
const PERIOD_MS: Record<Exclude<Period, 'any'>, number> = { '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 };
const PERIOD_LABELS: Record<Period, string> = { any: 'Any time', '1h': 'Last hour', '24h': 'Last 24 hours', '7d': 'Last 7 days', '30d': 'Last 30 days' };
const TRIGGER_LABELS: Record<TriggerKind, string> = {
  manual: 'By hand',
  schedule: 'Schedule',
  webhook: 'Webhook',
  mcp: 'MCP notification',
  alert: 'Alert',
  workflow: 'Another workflow',
  error: 'Error workflow',
  'sub-workflow': 'Sub-workflow',
  retry: 'Retry',
};

export const triggerLabel = (trigger: TriggerKind) => TRIGGER_LABELS[trigger];

export interface ExecutionFilter {
  workflowId?: string;
  status?: ExecutionStatus;
  trigger?: TriggerKind;
  period: Period;
  /** Start of the period, fixed when it was chosen so the list does not shift while read. */
  from?: string;
  text: string;
  deadLetter?: boolean;
  sort: ExecutionSort;
  order: 'asc' | 'desc';
}

export const NO_FILTER: ExecutionFilter = { period: 'any', text: '', sort: 'id', order: 'desc' };

export function isFiltered(filter: ExecutionFilter): boolean {
  return Boolean(filter.workflowId || filter.status || filter.trigger || filter.period !== 'any' || filter.text.trim());
}

/** Workflow, status, trigger, time and text: each narrows the list at once. */
export function ExecutionFilters({ filter, onChange }: { filter: ExecutionFilter; onChange(next: ExecutionFilter): void }) {
  const workflows = useApiQuery('workflows.list', {});
  const set = (change: Partial<ExecutionFilter>) => onChange({ ...filter, ...change });
  return (
    <div className="execution-filters" role="search" aria-label="Filter executions">
      <label className="search-field">
        <Search size={14} aria-hidden />
        <input
          type="search"
          placeholder="Workflow, error or #number"
          value={filter.text}
          onChange={(event) => set({ text: event.target.value })}
          aria-label="Search executions"
          data-testid="execution-search"
        />
      </label>
      <select className="select" value={filter.workflowId ?? ''} onChange={(event) => set({ workflowId: event.target.value || undefined })} aria-label="Workflow" data-testid="workflow-filter">
        <option value="">All workflows</option>
        {workflows.data?.map((workflow) => (
          <option key={workflow.id} value={workflow.id}>
            {workflow.name}
          </option>
        ))}
      </select>
      {!filter.deadLetter && (
        <select className="select" value={filter.status ?? ''} onChange={(event) => set({ status: (event.target.value || undefined) as ExecutionStatus | undefined })} aria-label="Status" data-testid="status-filter">
          <option value="">Any status</option>
          {ExecutionStatus.options.map((option) => (
            <option key={option} value={option}>
              {option[0]!.toUpperCase() + option.slice(1)}
            </option>
          ))}
        </select>
      )}
      <select className="select" value={filter.trigger ?? ''} onChange={(event) => set({ trigger: (event.target.value || undefined) as TriggerKind | undefined })} aria-label="Trigger" data-testid="trigger-filter">
        <option value="">Any trigger</option>
        {TriggerKind.options.map((option) => (
          <option key={option} value={option}>
            {TRIGGER_LABELS[option]}
          </option>
        ))}
      </select>
      <select
        className="select"
        value={filter.period}
        onChange={(event) => {
          const period = event.target.value as Period;
          set({ period, from: period === 'any' ? undefined : new Date(Date.now() - PERIOD_MS[period]).toISOString() });
        }}
        aria-label="Time range"
        data-testid="period-filter"
      >
        {(Object.keys(PERIOD_LABELS) as Period[]).map((period) => (
          <option key={period} value={period}>
            {PERIOD_LABELS[period]}
          </option>
        ))}
      </select>
      {isFiltered(filter) && (
        <button type="button" className="button ghost" onClick={() => onChange({ ...NO_FILTER, deadLetter: filter.deadLetter, sort: filter.sort, order: filter.order })} data-testid="clear-filters">
          <X size={14} aria-hidden /> Clear
        </button>
      )}
    </div>
  );
}

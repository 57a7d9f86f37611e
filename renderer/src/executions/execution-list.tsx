import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { ArrowDown, ArrowUp } from 'lucide-react';
import { memo, useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import type { ExecutionSort, ExecutionSummary, MethodInput } from '../../../shared/contract';
import { call } from '../api/client';
import { queryKey } from '../api/hooks';
import { formatRelative } from '../components/format';
import { triggerLabel, type ExecutionFilter } from './execution-filters';
import { formatCount, formatDuration } from './format';
import { StatusBadge } from './status-badge';

const PAGE = 100;
/** One formatter for every row: building one per row costs more than the row itself. */
const fullDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });
export const ROW_HEIGHT = 48;

const COLUMNS: Array<{ sort: ExecutionSort; label: string; className: string }> = [
  { sort: 'id', label: '#', className: 'col-id num' },
  { sort: 'workflow', label: 'Workflow', className: 'col-workflow' },
  { sort: 'status', label: 'Status', className: 'col-status' },
  { sort: 'trigger', label: 'Trigger', className: 'col-trigger optional' },
  { sort: 'started', label: 'Started', className: 'col-started' },
  { sort: 'duration', label: 'Duration', className: 'col-duration num optional' },
];

export function listInput(filter: ExecutionFilter): MethodInput<'executions.list'> {
  return {
    workflowId: filter.workflowId,
    status: filter.deadLetter ? undefined : filter.status,
    deadLetter: filter.deadLetter || undefined,
    trigger: filter.trigger,
    from: filter.from,
    text: filter.text.trim() || undefined,
    sort: filter.sort,
    order: filter.order,
  };
}

const Row = memo(function Row({ execution, index, top, selected, focusable, onSelect }: { execution: ExecutionSummary | undefined; index: number; top: number; selected: boolean; focusable: boolean; onSelect(id: number): void }) {
  const style = { transform: `translateY(${top}px)` };
  if (!execution) {
    return (
      <div role="row" className="exec-row placeholder" aria-rowindex={index + 2} style={style}>
        <div role="cell" className="muted">Loading…</div>
      </div>
    );
  }
  const started = execution.startedAt ?? execution.createdAt;
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={selected ? 'exec-row selected' : 'exec-row'}
      style={style}
      tabIndex={focusable ? 0 : -1}
      data-testid="execution-row"
      data-id={execution.id}
      data-index={index}
      data-status={execution.status}
      onClick={() => onSelect(execution.id)}
    >
      <div role="cell" className="col-id num mono">
        {execution.id}
      </div>
      <div role="cell" className="col-workflow">
        <span className="exec-name">
          {execution.workflowName} <span className="muted">v{execution.workflowVersion}</span>
        </span>
        {execution.error && <span className="row-error">{execution.error.nodeName ? `${execution.error.nodeName}: ` : ''}{execution.error.message}</span>}
      </div>
      <div role="cell" className="col-status">
        <StatusBadge status={execution.status} />
      </div>
      <div role="cell" className="col-trigger optional muted">
        {triggerLabel(execution.trigger)}
      </div>
      <div role="cell" className="col-started muted" title={fullDate.format(new Date(started))}>
        {formatRelative(started)}
      </div>
      <div role="cell" className="col-duration num optional">
        {formatDuration(execution.durationMs)}
      </div>
    </div>
  );
});

/**
 * Every matching execution, however many: the list is virtualized (only visible rows exist)
 * and pages of a hundred are fetched as they scroll into view. Arrow keys move the selection.
 */
export function ExecutionList({
  filter,
  selected,
  onSelect,
  onSort,
  onTotal,
}: {
  filter: ExecutionFilter;
  selected?: number;
  onSelect(id: number): void;
  onSort(sort: ExecutionSort): void;
  onTotal?(total: number | undefined): void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const input = useMemo(() => listInput(filter), [filter]);
  const pageInput = (page: number) => ({ ...input, offset: page * PAGE, limit: PAGE, withTotal: page === 0 });
  const head = useQuery({ queryKey: queryKey('executions.list', pageInput(0)), queryFn: () => call('executions.list', pageInput(0)), placeholderData: keepPreviousData });
  const total = head.data?.total;
  const count = total ?? 0;
  // Rendered in React's next batch rather than synchronously inside each scroll event: the
  // overscan covers the frame in between, and a fast scroll does not render once per event.
  // The virtualizer re-renders this component itself on scroll; the React Compiler is not involved here.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12, useFlushSync: false });
  const visible = virtualizer.getVirtualItems();
  const firstPage = Math.floor((visible[0]?.index ?? 0) / PAGE);
  const lastPage = Math.floor((visible.at(-1)?.index ?? 0) / PAGE);
  const pages = useMemo(() => [...new Set([0, ...Array.from({ length: lastPage - firstPage + 1 }, (_, i) => firstPage + i)])], [firstPage, lastPage]);
  const results = useQueries({
    queries: pages.map((page) => ({ queryKey: queryKey('executions.list', pageInput(page)), queryFn: () => call('executions.list', pageInput(page)), placeholderData: keepPreviousData })),
  });
  useEffect(() => {
    onTotal?.(total);
  }, [onTotal, total]);
  useEffect(() => {
    scroller.current?.scrollTo({ top: 0 });
  }, [input]);

  const rowAt = (index: number): ExecutionSummary | undefined => {
    const at = pages.indexOf(Math.floor(index / PAGE));
    return at < 0 ? undefined : results[at]?.data?.items[index % PAGE];
  };
  const selectedIndex = visible.find((item) => rowAt(item.index)?.id === selected)?.index;
  const focusIndex = selectedIndex ?? visible[0]?.index;

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const current = Number((event.target as HTMLElement).dataset.index);
    if (Number.isNaN(current)) return;
    const next = event.key === 'ArrowDown' ? current + 1 : event.key === 'ArrowUp' ? current - 1 : event.key === 'Home' ? 0 : event.key === 'End' ? count - 1 : undefined;
    if (event.key === 'Enter') {
      const row = rowAt(current);
      if (row) onSelect(row.id);
      return;
    }
    if (next === undefined || next < 0 || next >= count) return;
    event.preventDefault();
    virtualizer.scrollToIndex(next);
    requestAnimationFrame(() => {
      const element = scroller.current?.querySelector<HTMLElement>(`[data-index="${next}"]`);
      element?.focus();
      const row = rowAt(next);
      if (row) onSelect(row.id);
    });
  };

  return (
    <div className="exec-table" role="table" aria-label="Executions" aria-rowcount={(total ?? 0) + 1} data-testid="execution-list" data-total={total}>
      <div role="rowgroup" className="exec-head">
        <div role="row" className="exec-row head" aria-rowindex={1}>
          {COLUMNS.map((column) => {
            const active = filter.sort === column.sort;
            return (
              <div key={column.sort} role="columnheader" className={column.className} aria-sort={active ? (filter.order === 'asc' ? 'ascending' : 'descending') : 'none'}>
                <button type="button" className="sort-button" onClick={() => onSort(column.sort)} data-testid={`sort-${column.sort}`}>
                  {column.label}
                  {active && (filter.order === 'asc' ? <ArrowUp size={12} aria-hidden /> : <ArrowDown size={12} aria-hidden />)}
                </button>
              </div>
            );
          })}
        </div>
      </div>
      <div ref={scroller} className="exec-scroll" role="rowgroup" onKeyDown={onKeyDown}>
        <div className="exec-canvas" style={{ height: virtualizer.getTotalSize() }}>
          {visible.map((item) => {
            const execution = rowAt(item.index);
            return (
              <Row
                key={execution?.id ?? `p${item.index}`}
                execution={execution}
                index={item.index}
                top={item.start}
                selected={execution !== undefined && execution.id === selected}
                focusable={item.index === focusIndex}
                onSelect={onSelect}
              />
            );
          })}
        </div>
      </div>
      {total !== undefined && (
        <div className="exec-foot muted" data-testid="execution-count">
          {formatCount(total)} execution{total === 1 ? '' : 's'}
        </div>
      )}
    </div>
  );
}

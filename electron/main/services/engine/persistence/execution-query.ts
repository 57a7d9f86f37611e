import type { ExecutionSort, ExecutionStatus, TriggerKind } from '../../../../../shared/contract/executions';

export interface ListFilter {
  status?: ExecutionStatus;
  workflowId?: string;
  deadLetter?: boolean;
  trigger?: TriggerKind;
  /** Created at or after / before, epoch ms. */
  from?: number;
  to?: number;
  /** Matches the workflow's name, the error, or the execution's number. */
  text?: string;
  before?: number;
  sort?: ExecutionSort;
  order?: 'asc' | 'desc';
  limit: number;
  offset?: number;
}

const SORT_COLUMNS: Record<ExecutionSort, string> = {
  id: 'id',
  workflow: 'workflow_name COLLATE NOCASE',
  status: 'status',
  trigger: 'trigger',
  started: 'coalesce(started_at, created_at)',
  duration: 'finished_at - started_at',
};

/** `%` and `_` match themselves in a search. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;

/**
 * The WHERE and ORDER BY of a list query, with named parameters. Only fixed SQL fragments are
 * joined (one prepared statement per shape); every value is bound.
 */
export function listQuery(filter: ListFilter): { where: string; orderBy: string; params: Record<string, unknown> } {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (filter.status) {
    where.push('status = @status');
    params.status = filter.status;
  }
  if (filter.workflowId) {
    where.push('workflow_id = @workflowId');
    params.workflowId = filter.workflowId;
  }
  if (filter.deadLetter !== undefined) where.push(filter.deadLetter ? 'dead_letter = 1' : 'dead_letter = 0');
  if (filter.trigger) {
    where.push('trigger = @trigger');
    params.trigger = filter.trigger;
  }
  if (filter.from !== undefined) {
    where.push('created_at >= @from');
    params.from = filter.from;
  }
  if (filter.to !== undefined) {
    where.push('created_at < @to');
    params.to = filter.to;
  }
  const text = filter.text?.trim().replace(/^#/, '');
  if (text) {
    const id = /^\d{1,15}$/.test(text) ? Number(text) : undefined;
    where.push(`(workflow_name LIKE @text ESCAPE '\\' OR error LIKE @text ESCAPE '\\'${id !== undefined ? ' OR id = @id' : ''})`);
    params.text = likePattern(text);
    if (id !== undefined) params.id = id;
  }
  if (filter.before) {
    where.push('id < @before');
    params.before = filter.before;
  }
  const direction = filter.order === 'asc' ? 'ASC' : 'DESC';
  const column = SORT_COLUMNS[filter.sort ?? 'id'];
  const orderBy = column === 'id' ? `id ${direction}` : `${column} ${direction} NULLS LAST, id ${direction}`;
  return { where: where.length > 0 ? `WHERE ${where.join(' AND ')}` : '', orderBy, params };
}

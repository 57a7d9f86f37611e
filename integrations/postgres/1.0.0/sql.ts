/** SQL text built from names and values: identifiers quoted, every value a `$n` parameter. */

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export const tableName = (schema: string, table: string) => `${quoteIdentifier(schema)}.${quoteIdentifier(table)}`;

/** Objects and arrays go as JSON text (for json/jsonb columns); the rest as pg sends them. */
export function parameterValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (value !== null && typeof value === 'object' && !(value instanceof Date) && !Buffer.isBuffer(value)) return JSON.stringify(value);
  return value;
}

/** Collects parameters as a statement is written: `add(value)` gives its placeholder. */
export class Parameters {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(parameterValue(value));
    return `$${this.values.length}`;
  }
}

export interface Condition {
  column: string;
  operator: string;
  value?: unknown;
}

export function whereClause(conditions: Condition[], combine: 'and' | 'or', parameters: Parameters): string {
  if (conditions.length === 0) return '';
  const parts = conditions.map(({ column, operator, value }) => {
    const name = quoteIdentifier(column);
    if (operator === 'is null' || operator === 'is not null') return `${name} ${operator.toUpperCase()}`;
    return `${name} ${operator.toUpperCase()} ${parameters.add(value)}`;
  });
  return ` WHERE ${parts.join(combine === 'or' ? ' OR ' : ' AND ')}`;
}

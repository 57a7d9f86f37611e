import type { AuditEntry } from '../../../../shared/contract/vault';

const COLUMNS = ['id', 'at', 'action', 'recordName', 'accessorKind', 'accessorId', 'detail'] as const;

/** Quotes a CSV cell, and defuses text a spreadsheet would run as a formula. */
function csvCell(value: string | number | undefined): string {
  let text = value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function auditToCsv(entries: readonly AuditEntry[]): string {
  const lines = [COLUMNS.join(','), ...entries.map((entry) => COLUMNS.map((column) => csvCell(entry[column])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

export function auditToJson(entries: readonly AuditEntry[]): string {
  return `${JSON.stringify(entries, null, 2)}\n`;
}

import { ChevronLeft, ChevronRight, Download, ScrollText } from 'lucide-react';
import { useState } from 'react';
import { AccessorKind, AuditAction, type AuditFilter } from '../../../shared/contract';
import { call } from '../api/client';
import { useApiQuery } from '../api/hooks';
import { EmptyState } from '../components/empty-state';
import { showToast } from '../components/toasts';

const PAGE_SIZE = 25;

/** Saves text as a file through a temporary object URL: the browser's own download, no navigation. */
function download(filename: string, contentType: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: contentType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Who decrypted which secret and when: filtered, paged, exportable as JSON or CSV. */
export function AuditLog() {
  const [filter, setFilter] = useState<AuditFilter>({});
  const [offset, setOffset] = useState(0);
  const audit = useApiQuery('vault.audit', { ...filter, limit: PAGE_SIZE, offset });
  const change = (next: AuditFilter) => {
    setFilter(next);
    setOffset(0);
  };
  const exportAs = async (format: 'json' | 'csv') => {
    try {
      const file = await call('vault.exportAudit', { ...filter, format });
      download(file.filename, file.contentType, file.content);
      showToast({ kind: 'success', title: `Exported ${file.entries} audit entries`, detail: file.filename });
    } catch (error) {
      showToast({ kind: 'error', title: 'Export failed', detail: (error as Error).message });
    }
  };
  const total = audit.data?.total ?? 0;
  const entries = audit.data?.entries ?? [];
  const filtered = Object.values(filter).some(Boolean);

  return (
    <section className="card" data-testid="vault-audit">
      <div className="vault-audit-bar">
        <input
          className="vault-input"
          type="search"
          placeholder="Secret name"
          aria-label="Filter by secret name"
          value={filter.name ?? ''}
          onChange={(event) => change({ ...filter, name: event.target.value || undefined })}
          data-testid="audit-filter-name"
        />
        <select className="vault-input" aria-label="Filter by reader" value={filter.accessorKind ?? ''} onChange={(event) => change({ ...filter, accessorKind: AccessorKind.safeParse(event.target.value).data })} data-testid="audit-filter-accessor">
          <option value="">Every reader</option>
          {AccessorKind.options.map((kind) => (
            <option key={kind} value={kind}>
              {kind}
            </option>
          ))}
        </select>
        <select className="vault-input" aria-label="Filter by action" value={filter.action ?? ''} onChange={(event) => change({ ...filter, action: AuditAction.safeParse(event.target.value).data })} data-testid="audit-filter-action">
          <option value="">Every action</option>
          {AuditAction.options.map((action) => (
            <option key={action} value={action}>
              {action}
            </option>
          ))}
        </select>
        <div className="vault-audit-export">
          <button type="button" className="button" onClick={() => void exportAs('json')} data-testid="audit-export-json">
            <Download size={15} aria-hidden /> JSON
          </button>
          <button type="button" className="button" onClick={() => void exportAs('csv')} data-testid="audit-export-csv">
            <Download size={15} aria-hidden /> CSV
          </button>
        </div>
      </div>

      {audit.isSuccess && entries.length === 0 ? (
        <EmptyState icon={ScrollText} title={filtered ? 'No entries match' : 'Nothing audited yet'}>
          <p>{filtered ? 'Change or clear the filters.' : 'Every decrypt (by a workflow, an MCP server, an integration or you) is recorded here, with who and when.'}</p>
        </EmptyState>
      ) : (
        <table className="table compact" data-testid="audit-table">
          <thead>
            <tr>
              <th>When</th>
              <th>Action</th>
              <th>Secret</th>
              <th>Reader</th>
              <th>Detail</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id} data-testid="audit-row">
                <td className="vault-nowrap">
                  <time dateTime={entry.at}>{new Date(entry.at).toLocaleString()}</time>
                </td>
                <td>
                  <span className={`vault-action vault-action-${entry.action}`}>{entry.action}</span>
                </td>
                <td className="mono">{entry.recordName ?? <span className="muted">—</span>}</td>
                <td className="mono">
                  {entry.accessorKind}:{entry.accessorId}
                </td>
                <td className="muted">{entry.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {total > 0 && (
        <div className="vault-pager">
          <span className="muted" data-testid="audit-range">
            {offset + 1}–{Math.min(offset + PAGE_SIZE, total)} of {total}
          </span>
          <button type="button" className="icon-button" aria-label="Newer entries" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
            <ChevronLeft size={16} />
          </button>
          <button type="button" className="icon-button" aria-label="Older entries" disabled={offset + PAGE_SIZE >= total} onClick={() => setOffset(offset + PAGE_SIZE)} data-testid="audit-older">
            <ChevronRight size={16} />
          </button>
        </div>
      )}
    </section>
  );
}

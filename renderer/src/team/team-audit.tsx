import { Download, ScrollText } from 'lucide-react';
import { useState } from 'react';
import { call } from '../api/client';
import { useApiQuery } from '../api/hooks';
import { SegmentedChoice } from '../components/segmented-choice';
import { showToast } from '../components/toasts';

const PAGE = 50;

function download(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Every change to shared state and every credential touch: this computer's log, or the team's (admins). */
export function TeamAudit({ admin }: { admin: boolean }) {
  const [scope, setScope] = useState<'local' | 'team'>('local');
  const [search, setSearch] = useState('');
  const audit = useApiQuery('team.audit', { scope, search: search || undefined, limit: PAGE, offset: 0 }, { retry: false });
  const exportAs = async (format: 'csv' | 'json') => {
    try {
      const file = await call('team.auditExport', { scope, search: search || undefined, format });
      download(file.fileName, file.text, format === 'csv' ? 'text/csv' : 'application/json');
      showToast({ kind: 'success', title: `Exported ${file.count} entries`, detail: file.fileName });
    } catch (error) {
      showToast({ kind: 'error', title: 'Export failed', detail: (error as Error).message });
    }
  };
  return (
    <section className="card team-card" data-testid="team-audit">
      <div className="card-toolbar">
        <div className="card-title">
          <ScrollText size={16} aria-hidden /> Audit log
        </div>
        <div className="toolbar-group">
          {admin && <SegmentedChoice label="Whose log" name="team-audit-scope" small value={scope} onChange={setScope} choices={[{ value: 'local', label: 'This computer' }, { value: 'team', label: 'Team' }]} testId={(value) => `audit-scope-${value}`} />}
          <input className="form-control" type="search" placeholder="Search actions, names, people" aria-label="Search the audit log" value={search} onChange={(event) => setSearch(event.target.value)} data-testid="team-audit-search" />
          <button type="button" className="button" onClick={() => void exportAs('csv')} data-testid="team-audit-csv">
            <Download size={14} aria-hidden /> CSV
          </button>
          <button type="button" className="button" onClick={() => void exportAs('json')}>
            <Download size={14} aria-hidden /> JSON
          </button>
        </div>
      </div>
      {audit.error && <p className="form-error">{audit.error.message}</p>}
      {audit.data && audit.data.entries.length === 0 ? (
        <p className="muted">{search ? 'Nothing matches.' : 'Nothing recorded yet: saving a workflow or using a secret adds an entry.'}</p>
      ) : (
        <table className="table compact">
          <thead>
            <tr>
              <th>When</th>
              <th>Who</th>
              <th>Action</th>
              <th>What</th>
            </tr>
          </thead>
          <tbody>
            {(audit.data?.entries ?? []).map((entry) => (
              <tr key={entry.id} data-testid="team-audit-row">
                <td className="muted small nowrap">{new Date(entry.at).toLocaleString()}</td>
                <td className="small">{entry.actor}</td>
                <td className="mono small">{entry.action}</td>
                <td className="small">{entry.subjectName ?? entry.subjectId ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {audit.data && audit.data.total > PAGE && <p className="muted small">Showing the latest {PAGE} of {audit.data.total}; export for all of them.</p>}
    </section>
  );
}

import { Download, FileText, Search } from 'lucide-react';
import { Fragment, useEffect, useState } from 'react';
import type { LogEntry, LogFilter, LogLevel } from '../../../shared/contract';
import { call } from '../api/client';
import { useApiQuery } from '../api/hooks';
import { EmptyState } from '../components/empty-state';
import { PageHeader } from '../components/page-header';
import { showToast } from '../components/toasts';
import { CrashReports } from '../logs/crash-reports';
import '../alerts/alerts.css';

const LEVELS: LogLevel[] = ['debug', 'info', 'warn', 'error'];
/** Sources Echelon's services write under; others show up as lines carry them. */
const KNOWN_SOURCES = ['alerts', 'crash', 'engine', 'integrations', 'mcp', 'router', 'telemetry', 'vault'];

/** Saves text as a file the way a browser does, in the desktop app and in `echelon serve` alike. */
function download(fileName: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: 'application/x-ndjson' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function Entry({ entry, open, onToggle, onExecution }: { entry: LogEntry; open: boolean; onToggle: () => void; onExecution: (id: number) => void }) {
  const extra = Object.keys(entry.fields).length > 0;
  return (
    <tr data-testid="log-entry" data-level={entry.level}>
      <td className="muted nowrap mono small" title={entry.at}>
        {new Date(entry.at).toLocaleTimeString()}
      </td>
      <td>
        <span className={`log-level ${entry.level}`}>{entry.level}</span>
      </td>
      <td className="muted">{entry.source}</td>
      <td className="log-message">
        {entry.message}
        <div>
          {entry.executionId !== undefined && (
            <button type="button" className="chip" onClick={() => onExecution(entry.executionId!)} title="Show only this execution" data-testid="log-execution-chip">
              execution {entry.executionId}
            </button>
          )}
          {entry.step && <span className="chip">step {entry.step}</span>}
          {entry.agentTaskId && <span className="chip">task {entry.agentTaskId}</span>}
          {extra && (
            <button type="button" className="chip" onClick={onToggle} aria-expanded={open}>
              {open ? 'hide fields' : 'fields'}
            </button>
          )}
        </div>
        {open && <pre className="log-fields mono">{JSON.stringify(entry.fields, null, 2)}</pre>}
      </td>
    </tr>
  );
}

/** The structured log: newest first, filtered by level, source, text and execution, exported as JSON lines. */
export function LogsPage() {
  const [level, setLevel] = useState<LogLevel>('info');
  const [source, setSource] = useState('');
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [execution, setExecution] = useState('');
  const [limit, setLimit] = useState(200);
  const [live, setLive] = useState(true);
  const [open, setOpen] = useState<number>();
  useEffect(() => {
    const timer = setTimeout(() => setQuery(search.trim()), 250);
    return () => clearTimeout(timer);
  }, [search]);
  const executionId = /^\d+$/.test(execution.trim()) ? Number(execution.trim()) : undefined;
  const filter: LogFilter = { level, source: source || undefined, search: query || undefined, executionId };
  const logs = useApiQuery('logs.query', { ...filter, limit }, { refetchInterval: live ? 3000 : false });
  const sources = [...new Set([...KNOWN_SOURCES, ...(logs.data?.sources ?? [])])].sort();

  const exportLogs = async () => {
    try {
      const file = await call('logs.export', filter);
      download(file.fileName, file.content);
      showToast({ kind: 'success', title: `Exported ${file.lines} lines`, detail: file.truncated ? 'The newest 100,000 only: narrow the filter for the rest.' : file.fileName });
    } catch (error) {
      showToast({ kind: 'error', title: 'Export failed', detail: (error as Error).message });
    }
  };
  const entries = logs.data?.entries ?? [];
  const filtered = level !== 'debug' && level !== 'info' ? true : Boolean(source || query || executionId);

  return (
    <div className="page" data-testid="page-logs">
      <PageHeader
        title="Logs"
        subtitle="Echelon’s own log: JSON lines with levels and correlation ids, secrets redacted, rotated by size."
        actions={
          <button type="button" className="button" onClick={() => void exportLogs()} data-testid="logs-export">
            <Download size={15} aria-hidden /> Export
          </button>
        }
      />
      <CrashReports />
      <section className="card" data-testid="logs">
        <div className="toolbar">
          <label className="field-inline">
            At least
            <select className="form-control" value={level} onChange={(event) => setLevel(event.target.value as LogLevel)} data-testid="logs-level">
              {LEVELS.map((option) => (
                <option key={option} value={option}>
                  {option}
                </option>
              ))}
            </select>
          </label>
          <label className="field-inline">
            Source
            <select className="form-control" value={source} onChange={(event) => setSource(event.target.value)} data-testid="logs-source">
              <option value="">Any</option>
              {sources.map((option) => (
                <option key={option}>{option}</option>
              ))}
            </select>
          </label>
          <label className="search-field">
            <Search size={14} aria-hidden />
            <input type="search" placeholder="Search messages and fields…" value={search} onChange={(event) => setSearch(event.target.value)} aria-label="Search the log" data-testid="logs-search" />
          </label>
          <label className="field-inline">
            Execution
            <input className="form-control mono" size={6} value={execution} placeholder="#" onChange={(event) => setExecution(event.target.value)} data-testid="logs-execution" />
          </label>
          <span className="spacer" />
          <label className="field-inline">
            <input type="checkbox" checked={live} onChange={(event) => setLive(event.target.checked)} data-testid="logs-live" /> Follow
          </label>
        </div>
        {logs.isSuccess && entries.length === 0 ? (
          filtered ? (
            <p className="muted" data-testid="logs-none">
              No line matches.
            </p>
          ) : (
            <EmptyState icon={FileText} title="Nothing logged yet">
              <p>Warnings and errors, failed steps and runs, alerts, MCP and vault events are written here as they happen.</p>
            </EmptyState>
          )
        ) : (
          <div className="table-scroll">
            <table className="table compact log-table" data-testid="logs-table">
              <thead>
                <tr>
                  <th>Time</th>
                  <th>Level</th>
                  <th>Source</th>
                  <th>Message</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((entry, index) => (
                  <Fragment key={`${entry.at}-${index}`}>
                    <Entry entry={entry} open={open === index} onToggle={() => setOpen(open === index ? undefined : index)} onExecution={(id) => setExecution(String(id))} />
                  </Fragment>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {logs.data?.nextCursor && limit < 1000 && (
          <button type="button" className="button" onClick={() => setLimit(Math.min(1000, limit + 200))} data-testid="logs-more">
            Show older lines
          </button>
        )}
      </section>
    </div>
  );
}

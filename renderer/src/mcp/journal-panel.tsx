import { RotateCcw } from 'lucide-react';
import { Fragment, useState } from 'react';
import type { JournalEntry, MethodInput, ServerSummary } from '../../../shared/contract';
import { useApiQuery } from '../api/hooks';
import { formatRelative } from '../components/format';
import { JsonView } from './json-view';

const CALLERS = ['renderer', 'cli', 'gateway', 'workflow', 'agent', 'api', 'test'] as const;
const CALLER_LABELS: Record<JournalEntry['caller'], string> = { renderer: 'Inspector', cli: 'CLI', gateway: 'Gateway', workflow: 'Workflow', agent: 'Agent', api: 'REST API', test: 'Test' };

function outcome(entry: JournalEntry): { label: string; kind: 'ok' | 'error' | 'cancelled' } {
  if (entry.status === 'cancelled') return { label: 'Cancelled', kind: 'cancelled' };
  if (entry.status === 'error') return { label: 'Failed', kind: 'error' };
  return entry.isError ? { label: 'Tool error', kind: 'error' } : { label: 'OK', kind: 'ok' };
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  return `${(bytes / 1024).toFixed(1)} KB`;
}

/** Every tool call, whoever made it, filterable; any call can be opened again in the inspector. */
export function JournalPanel({ servers, onCallAgain }: { servers: ServerSummary[]; onCallAgain: (entry: JournalEntry) => void }) {
  const [filter, setFilter] = useState<MethodInput<'mcp.journal.list'>>({ limit: 200 });
  const [open, setOpen] = useState<number | undefined>();
  const journal = useApiQuery('mcp.journal.list', filter);
  const set = (changes: Partial<MethodInput<'mcp.journal.list'>>) => setFilter((current) => ({ ...current, ...changes }));
  const entries = journal.data ?? [];

  return (
    <section className="card" data-testid="journal">
      <div className="filters">
        <select aria-label="Server" value={filter.server ?? ''} onChange={(event) => set({ server: event.target.value || undefined })} data-testid="journal-filter-server">
          <option value="">All servers</option>
          {servers.map((server) => (
            <option key={server.id} value={server.name}>
              {server.name}
            </option>
          ))}
        </select>
        <select aria-label="Caller" value={filter.caller ?? ''} onChange={(event) => set({ caller: (event.target.value || undefined) as JournalEntry['caller'] | undefined })}>
          <option value="">All callers</option>
          {CALLERS.map((caller) => (
            <option key={caller} value={caller}>
              {CALLER_LABELS[caller]}
            </option>
          ))}
        </select>
        <select aria-label="Outcome" value={filter.status ?? ''} onChange={(event) => set({ status: (event.target.value || undefined) as JournalEntry['status'] | undefined })}>
          <option value="">Any outcome</option>
          <option value="ok">Answered</option>
          <option value="error">Failed</option>
          <option value="cancelled">Cancelled</option>
        </select>
        <input type="search" placeholder="Tool, arguments, result or error" aria-label="Search the journal" value={filter.search ?? ''} onChange={(event) => set({ search: event.target.value || undefined })} />
      </div>
      {entries.length === 0 ? (
        <p className="muted">{journal.isSuccess ? 'No calls match.' : 'Loading…'}</p>
      ) : (
        <table className="table compact journal-table">
          <thead>
            <tr>
              <th>When</th>
              <th>Caller</th>
              <th>Server / tool</th>
              <th>Outcome</th>
              <th className="num">Duration</th>
              <th className="num">Result</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => {
              const result = outcome(entry);
              return (
                <Fragment key={entry.id}>
                  <tr className="clickable" onClick={() => setOpen(open === entry.id ? undefined : entry.id)} data-testid="journal-row" aria-expanded={open === entry.id}>
                    <td title={new Date(entry.at).toLocaleString()}>{formatRelative(entry.at)}</td>
                    <td>{CALLER_LABELS[entry.caller]}</td>
                    <td className="mono">
                      {entry.server} / {entry.tool}
                    </td>
                    <td>
                      <span className={`outcome outcome-${result.kind}`}>{result.label}</span>
                    </td>
                    <td className="num">{entry.durationMs.toFixed(1)} ms</td>
                    <td className="num">{formatBytes(entry.resultBytes)}</td>
                    <td>
                      <button
                        type="button"
                        className="icon-button"
                        title="Call again"
                        aria-label={`Call ${entry.tool} again`}
                        data-testid="journal-call-again"
                        onClick={(event) => {
                          event.stopPropagation();
                          onCallAgain(entry);
                        }}
                      >
                        <RotateCcw size={14} />
                      </button>
                    </td>
                  </tr>
                  {open === entry.id && (
                    <tr className="journal-details">
                      <td colSpan={7}>
                        <div className="grid-2">
                          <div>
                            <h4>Arguments</h4>
                            <JsonView value={entry.arguments} />
                          </div>
                          <div>
                            <h4>{entry.error ? 'Error' : 'Result'}</h4>
                            <pre className={entry.error ? 'result-text error-text' : 'result-text'}>{entry.error ?? entry.resultPreview ?? '(empty)'}</pre>
                          </div>
                        </div>
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

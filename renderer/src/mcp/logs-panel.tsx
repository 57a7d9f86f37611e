import { Search } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { useApiQuery } from '../api/hooks';

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** The server's stderr as it arrives (kept across restarts), searchable, following the newest line. */
export function LogsPanel({ server }: { server: string }) {
  const [search, setSearch] = useState('');
  const query = useDebounced(search.trim(), 200);
  const logs = useApiQuery('mcp.servers.logs', { name: server, search: query || undefined, limit: 500 });
  const bottom = useRef<HTMLDivElement>(null);
  const lines = logs.data ?? [];

  useEffect(() => {
    bottom.current?.scrollIntoView({ block: 'nearest' });
  }, [lines.length]);

  return (
    <div className="logs">
      <label className="search-field">
        <Search size={14} aria-hidden />
        <input type="search" placeholder="Search the log" value={search} onChange={(event) => setSearch(event.target.value)} data-testid="log-search" aria-label="Search the log" />
      </label>
      <div className="log-view" data-testid="log-view" role="log" aria-live="polite">
        {lines.length === 0 && <p className="muted">{query ? 'No line matches.' : 'Nothing logged yet.'}</p>}
        {lines.map((line) => (
          <div key={line.seq} className={line.text.startsWith('[echelon]') ? 'log-line log-echelon' : 'log-line'}>
            <time dateTime={line.at}>{new Date(line.at).toLocaleTimeString()}</time>
            <span>{line.text}</span>
          </div>
        ))}
        <div ref={bottom} />
      </div>
    </div>
  );
}

import { keepPreviousData } from '@tanstack/react-query';
import { Search } from 'lucide-react';
import { useDeferredValue, useState } from 'react';
import type { GalleryEntry } from '../../../shared/contract';
import { useApiQuery } from '../api/hooks';
import { PluginIcon } from '../components/plugin-icon';
import { StatusBadge } from './status-badge';
import { SegmentedChoice } from '../components/segmented-choice';

type TypeFilter = 'all' | 'api' | 'mcp';
const TYPES: { value: TypeFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'api', label: 'APIs' },
  { value: 'mcp', label: 'MCP servers' },
];

/** Every integration (and MCP server, when that service adds them), searchable, connected ones first. */
export function Gallery({ onOpen }: { onOpen: (entry: GalleryEntry) => void }) {
  const [search, setSearch] = useState('');
  const [category, setCategory] = useState('');
  const [type, setType] = useState<TypeFilter>('all');
  const deferredSearch = useDeferredValue(search);
  const gallery = useApiQuery('integrations.gallery', { search: deferredSearch, category: category || undefined, type }, { placeholderData: keepPreviousData });
  const entries = gallery.data?.entries ?? [];

  return (
    <section className="card" aria-labelledby="gallery-title">
      <div className="card-toolbar">
        <h2 className="card-title" id="gallery-title">
          Gallery
        </h2>
        <div className="toolbar">
          <label className="search-field">
            <Search size={15} aria-hidden />
            <input type="search" placeholder="Search integrations" aria-label="Search integrations" value={search} onChange={(event) => setSearch(event.target.value)} data-testid="gallery-search" />
          </label>
          <select className="select" aria-label="Category" value={category} onChange={(event) => setCategory(event.target.value)} data-testid="gallery-category">
            <option value="">All categories</option>
            {gallery.data?.categories.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
          <SegmentedChoice label="Type" name="gallery-type" choices={TYPES} value={type} onChange={setType} small testId={(value) => `gallery-type-${value}`} />
        </div>
      </div>
      {gallery.isSuccess && entries.length === 0 && (
        <p className="muted" data-testid="gallery-empty">
          {type === 'mcp' ? 'No MCP servers yet: add them on the MCP Servers page.' : 'Nothing matches. Try another word or category.'}
        </p>
      )}
      <ul className="gallery" data-testid="gallery">
        {entries.map((entry) => (
          <li key={entry.key}>
            <button type="button" className="gallery-tile" onClick={() => onOpen(entry)} data-testid={`gallery-${entry.key}`} data-connected={entry.connected}>
              <span className="tile-head">
                <PluginIcon name={entry.icon} />
                <span className="tile-name">
                  <strong>{entry.name}</strong>
                  <span className="muted">
                    {entry.category} · {entry.type === 'mcp' ? 'MCP' : 'API'}
                  </span>
                </span>
                {entry.status && <StatusBadge status={entry.status} testId={`gallery-status-${entry.key}`} />}
              </span>
              <span className="tile-description">{entry.description}</span>
              <span className="tile-foot muted">
                {entry.connections > 0 ? `${entry.connections} connection${entry.connections > 1 ? 's' : ''}` : 'Not connected'}
                {entry.versions.length > 1 && ` · versions ${entry.versions.join(', ')}`}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

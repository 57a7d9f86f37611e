import { Search } from 'lucide-react';
import { useMemo, useState } from 'react';
import { PluginIcon } from '../components/plugin-icon';
import type { CanvasNodeType } from './canvas-types';
import { NODE_TYPE_MIME } from './workflow-canvas';

const KIND_ORDER = { trigger: 0, action: 1, control: 2 } as const;

/** Node types by category, searchable; click adds at the centre, drag drops where you let go. */
export function NodePalette({ catalog, onAdd }: { catalog: readonly CanvasNodeType[]; onAdd(type: string): void }) {
  const [query, setQuery] = useState('');
  const groups = useMemo(() => {
    const needle = query.trim().toLowerCase();
    const matching = catalog.filter((entry) => !needle || `${entry.name} ${entry.description} ${entry.category} ${entry.type}`.toLowerCase().includes(needle));
    const byCategory = new Map<string, CanvasNodeType[]>();
    for (const entry of [...matching].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.name.localeCompare(b.name))) {
      const label = entry.kind === 'trigger' ? 'Triggers' : entry.category;
      byCategory.set(label, [...(byCategory.get(label) ?? []), entry]);
    }
    return [...byCategory.entries()].sort(([a], [b]) => (a === 'Triggers' ? -1 : b === 'Triggers' ? 1 : a.localeCompare(b)));
  }, [catalog, query]);

  return (
    <aside className="node-palette" aria-label="Node types" data-testid="node-palette">
      <label className="palette-search">
        <Search size={14} aria-hidden />
        <input type="search" placeholder="Search nodes" value={query} onChange={(event) => setQuery(event.target.value)} aria-label="Search node types" data-testid="palette-search" />
      </label>
      <div className="palette-groups">
        {groups.length === 0 && <p className="muted palette-empty">No node type matches “{query}”.</p>}
        {groups.map(([category, entries]) => (
          <section key={category}>
            <h3>{category}</h3>
            <ul>
              {entries.map((entry) => (
                <li key={entry.type}>
                  <button
                    type="button"
                    className="palette-item"
                    draggable
                    title={entry.description}
                    data-testid={`palette-${entry.type}`}
                    onDragStart={(event) => {
                      event.dataTransfer.setData(NODE_TYPE_MIME, entry.type);
                      event.dataTransfer.effectAllowed = 'move';
                    }}
                    onClick={() => onAdd(entry.type)}
                  >
                    <PluginIcon name={entry.icon} size={16} />
                    <span className="palette-label">
                      {entry.name}
                      {entry.integration && <span className="muted palette-plugin">{entry.integration}</span>}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </aside>
  );
}

import { useMemo, useState, type KeyboardEvent } from 'react';
import { PluginIcon } from '../components/plugin-icon';
import type { CanvasNodeType } from './canvas-types';

/** Adds a node from the keyboard: type to filter the catalog, arrows to choose, Enter to insert at the pointer. */
export function QuickInsert({ catalog, connectFrom, onInsert, onClose }: { catalog: readonly CanvasNodeType[]; connectFrom?: string; onInsert(type: string): void; onClose(): void }) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const matches = useMemo(() => {
    const needle = query.trim().toLowerCase();
    return catalog.filter((entry) => !needle || `${entry.name} ${entry.category} ${entry.description}`.toLowerCase().includes(needle)).slice(0, 9);
  }, [catalog, query]);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') onClose();
    else if (event.key === 'ArrowDown') setActive((index) => Math.min(matches.length - 1, index + 1));
    else if (event.key === 'ArrowUp') setActive((index) => Math.max(0, index - 1));
    else if (event.key === 'Enter' && matches[active]) onInsert(matches[active].type);
    else return;
    event.preventDefault();
    event.stopPropagation();
  };
  return (
    <div className="canvas-popover quick-insert" role="dialog" aria-label="Insert a node" data-testid="quick-insert">
      <label className="palette-search">
        <input
          autoFocus
          value={query}
          placeholder={connectFrom ? `Add a node after “${connectFrom}”` : 'Add a node here'}
          aria-label="Node type to insert"
          aria-controls="quick-insert-results"
          aria-activedescendant={matches[active] ? `insert-${matches[active].type}` : undefined}
          onChange={(event) => {
            setQuery(event.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          data-testid="quick-insert-input"
        />
      </label>
      <ul id="quick-insert-results" role="listbox" className="popover-results">
        {matches.length === 0 && <li className="muted">No node type matches.</li>}
        {matches.map((entry, index) => (
          <li key={entry.type} id={`insert-${entry.type}`} role="option" aria-selected={index === active} className={index === active ? 'active' : undefined} onMouseDown={(event) => event.preventDefault()} onClick={() => onInsert(entry.type)}>
            <PluginIcon name={entry.icon} size={15} /> {entry.name} <span className="muted small">{entry.category}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

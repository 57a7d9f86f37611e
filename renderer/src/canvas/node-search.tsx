import { Search, X } from 'lucide-react';
import { useMemo, useState, type KeyboardEvent } from 'react';
import type { WorkflowNode } from '../../../shared/workflow/document';

/** Finds a node by name (or type) and centres it; arrows choose, Enter goes, Esc closes. */
export function NodeSearch({ nodes, onPick, onClose }: { nodes: readonly WorkflowNode[]; onPick(node: WorkflowNode): void; onClose(): void }) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const matches = useMemo(() => {
    const needle = query.trim().toLowerCase();
    if (!needle) return [];
    return nodes.filter((node) => node.name.toLowerCase().includes(needle)).slice(0, 8);
  }, [nodes, query]);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') onClose();
    else if (event.key === 'ArrowDown') setActive((index) => Math.min(matches.length - 1, index + 1));
    else if (event.key === 'ArrowUp') setActive((index) => Math.max(0, index - 1));
    else if (event.key === 'Enter' && matches[active]) onPick(matches[active]);
    else return;
    event.preventDefault();
    event.stopPropagation();
  };
  return (
    <div className="canvas-popover node-search" role="dialog" aria-label="Find a node" data-testid="node-search">
      <label className="palette-search">
        <Search size={14} aria-hidden />
        <input
          autoFocus
          value={query}
          placeholder="Find a node by name"
          aria-label="Find a node by name"
          aria-controls="node-search-results"
          aria-activedescendant={matches[active] ? `found-${matches[active].id}` : undefined}
          onChange={(event) => {
            setQuery(event.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          data-testid="node-search-input"
        />
        <button type="button" className="icon-button" aria-label="Close (Esc)" onClick={onClose}>
          <X size={14} />
        </button>
      </label>
      {query.trim() && (
        <ul id="node-search-results" role="listbox" className="popover-results">
          {matches.length === 0 && <li className="muted">No node is called that.</li>}
          {matches.map((node, index) => (
            <li key={node.id} id={`found-${node.id}`} role="option" aria-selected={index === active} className={index === active ? 'active' : undefined} onMouseDown={(event) => event.preventDefault()} onClick={() => onPick(node)} data-testid="node-search-result">
              {node.name}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

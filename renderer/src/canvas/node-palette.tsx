import { PanelLeftClose, PanelLeftOpen, Search } from 'lucide-react';
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { PluginIcon } from '../components/plugin-icon';
import type { CanvasNodeType } from './canvas-types';
import { NODE_TYPE_MIME } from './workflow-canvas';

const KIND_ORDER = { trigger: 0, action: 1, control: 2 } as const;

/**
 * Node types by category, searchable; click adds after the last node, drag drops where you let
 * go. One Tab stop for the whole list (roving tabindex): arrows move within it, Tab moves on.
 */
export function NodePalette({ catalog, collapsed, onToggle, onAdd }: { catalog: readonly CanvasNodeType[]; collapsed: boolean; onToggle(): void; onAdd(type: string): void }) {
  const [query, setQuery] = useState('');
  const [current, setCurrent] = useState(0);
  const list = useRef<HTMLDivElement>(null);
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
  const flat = useMemo(() => groups.flatMap(([, entries]) => entries), [groups]);
  const focusIndex = Math.min(current, Math.max(0, flat.length - 1));

  const move = (event: KeyboardEvent) => {
    const last = flat.length - 1;
    const next = event.key === 'ArrowDown' ? focusIndex + 1 : event.key === 'ArrowUp' ? focusIndex - 1 : event.key === 'Home' ? 0 : event.key === 'End' ? last : undefined;
    if (next === undefined) return;
    event.preventDefault();
    const clamped = Math.max(0, Math.min(last, next));
    setCurrent(clamped);
    list.current?.querySelector<HTMLButtonElement>(`[data-index="${clamped}"]`)?.focus();
  };

  if (collapsed) {
    return (
      <aside className="node-palette collapsed" aria-label="Node types" data-testid="node-palette" data-collapsed>
        <button type="button" className="icon-button" onClick={onToggle} aria-label="Show node types" title="Show node types" data-testid="toggle-palette">
          <PanelLeftOpen size={16} />
        </button>
      </aside>
    );
  }
  let index = -1;
  return (
    <aside className="node-palette" aria-label="Node types" data-testid="node-palette">
      <div className="palette-top">
        <label className="palette-search">
          <Search size={14} aria-hidden />
          <input
            type="search"
            placeholder="Search nodes"
            value={query}
            onChange={(event) => {
              setQuery(event.target.value);
              setCurrent(0);
            }}
            onKeyDown={(event) => {
              if (event.key === 'ArrowDown') {
                event.preventDefault();
                list.current?.querySelector<HTMLButtonElement>(`[data-index="${focusIndex}"]`)?.focus();
              }
            }}
            aria-label="Search node types"
            data-testid="palette-search"
          />
        </label>
        <button type="button" className="icon-button" onClick={onToggle} aria-label="Hide node types" title="Hide node types" data-testid="toggle-palette">
          <PanelLeftClose size={16} />
        </button>
      </div>
      <div className="palette-groups" ref={list} onKeyDown={move} role="listbox" aria-label="Node types to add" data-testid="palette-list">
        {groups.length === 0 && <p className="muted palette-empty">No node type matches “{query}”.</p>}
        {groups.map(([category, entries]) => (
          <section key={category} role="group" aria-label={category}>
            <h3>{category}</h3>
            <ul role="presentation">
              {entries.map((entry) => {
                index++;
                const mine = index;
                return (
                  <li key={entry.type} role="presentation">
                    <button
                      type="button"
                      role="option"
                      aria-selected={mine === focusIndex}
                      className="palette-item"
                      draggable
                      tabIndex={mine === focusIndex ? 0 : -1}
                      data-index={mine}
                      title={entry.description}
                      data-testid={`palette-${entry.type}`}
                      onFocus={() => setCurrent(mine)}
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
                );
              })}
            </ul>
          </section>
        ))}
      </div>
    </aside>
  );
}

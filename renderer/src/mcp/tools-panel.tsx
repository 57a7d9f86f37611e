import { lazy, Suspense, useState } from 'react';
import type { Catalog } from '../../../shared/contract';
import { useApiMutation } from '../api/hooks';
import { showToast } from '../components/toasts';
import { JsonView } from './json-view';

// The form library is the page's largest dependency: loaded when a tool is first opened.
const ToolCallForm = lazy(() => import('./tool-call-form').then((module) => ({ default: module.ToolCallForm })));

export interface ToolSelection {
  tool: string;
  /** Arguments to start from ("call again" from the journal). */
  args?: Record<string, unknown>;
  /** Changes whenever a new prefill arrives, so the form starts over from it. */
  key?: number;
}

/** A server's tools: switch each on or off, read its schema, call it through a generated form. */
export function ToolsPanel({ server, catalog, selection, onSelect }: { server: string; catalog: Catalog; selection?: ToolSelection; onSelect: (selection: ToolSelection) => void }) {
  const setEnabled = useApiMutation('mcp.tools.setEnabled');
  const [showSchema, setShowSchema] = useState(false);
  const selected = catalog.tools.find((tool) => tool.name === selection?.tool) ?? catalog.tools[0];
  if (catalog.tools.length === 0) return <p className="muted">This server offers no tools{catalog.fetchedAt ? '' : ' (start it to see them)'}.</p>;

  return (
    <div className="split">
      <ul className="item-list" data-testid="tool-list">
        {catalog.tools.map((tool) => (
          <li key={tool.name} className={tool.name === selected?.name ? 'selected' : undefined}>
            <button type="button" className="item-button" onClick={() => onSelect({ tool: tool.name })} data-testid={`tool-${tool.name}`}>
              <span className={tool.enabled ? 'mono' : 'mono muted strike'}>{tool.name}</span>
              {tool.description && <span className="muted small ellipsis">{tool.description}</span>}
            </button>
            <label className="switch" title={tool.enabled ? 'Switch off (hidden from the gateway, refused)' : 'Switch on'}>
              <input
                type="checkbox"
                checked={tool.enabled}
                aria-label={`${tool.name} enabled`}
                data-testid={`tool-enabled-${tool.name}`}
                onChange={(event) =>
                  setEnabled.mutate(
                    { server, tool: tool.name, enabled: event.target.checked },
                    { onError: (error) => showToast({ kind: 'error', title: 'Could not change the tool', detail: error.message }) },
                  )
                }
              />
              <span aria-hidden />
            </label>
          </li>
        ))}
      </ul>
      {selected && (
        <section className="detail" data-testid="tool-detail">
          <header className="detail-head">
            <div>
              <h3 className="mono">{selected.name}</h3>
              {selected.title && selected.title !== selected.name && <p className="muted">{selected.title}</p>}
            </div>
            <button type="button" className="button" onClick={() => setShowSchema((shown) => !shown)} aria-expanded={showSchema}>
              {showSchema ? 'Hide schema' : 'Show schema'}
            </button>
          </header>
          {selected.description && <p className="description">{selected.description}</p>}
          {showSchema && (
            <div className="schemas">
              <h4>Input schema</h4>
              <JsonView value={selected.inputSchema} testId="input-schema" />
              {selected.outputSchema && (
                <>
                  <h4>Output schema</h4>
                  <JsonView value={selected.outputSchema} />
                </>
              )}
            </div>
          )}
          <Suspense fallback={<p className="muted">Loading the form…</p>}>
            <ToolCallForm key={`${selected.name}-${selection?.key ?? 0}`} server={server} tool={selected} initialArgs={selection?.tool === selected.name ? selection.args : undefined} />
          </Suspense>
        </section>
      )}
    </div>
  );
}

import { useState } from 'react';
import type { Catalog, MethodOutput } from '../../../shared/contract';
import { call } from '../api/client';

type Contents = MethodOutput<'mcp.resources.read'>['contents'];

/** A server's resources and templates; reading one shows its text or describes its bytes. */
export function ResourcesPanel({ server, catalog }: { server: string; catalog: Catalog }) {
  const [selected, setSelected] = useState<string | undefined>();
  const [contents, setContents] = useState<Contents | undefined>();
  const [error, setError] = useState<string | undefined>();

  const read = async (uri: string) => {
    setSelected(uri);
    setContents(undefined);
    setError(undefined);
    try {
      setContents((await call('mcp.resources.read', { server, uri })).contents);
    } catch (failure) {
      setError((failure as Error).message);
    }
  };

  if (catalog.resources.length === 0 && catalog.resourceTemplates.length === 0) return <p className="muted">This server offers no resources.</p>;
  return (
    <div className="split">
      <div>
        <ul className="item-list" data-testid="resource-list">
          {catalog.resources.map((resource) => (
            <li key={resource.uri} className={resource.uri === selected ? 'selected' : undefined}>
              <button type="button" className="item-button" onClick={() => void read(resource.uri)}>
                <span>{resource.title ?? resource.name}</span>
                <span className="muted small mono ellipsis">{resource.uri}</span>
              </button>
            </li>
          ))}
        </ul>
        {catalog.resourceTemplates.length > 0 && (
          <>
            <h4>Templates</h4>
            <ul className="plain-list">
              {catalog.resourceTemplates.map((template) => (
                <li key={template.uriTemplate}>
                  <code>{template.uriTemplate}</code> <span className="muted small">{template.description ?? template.name}</span>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
      <section className="detail">
        {!selected && <p className="muted">Choose a resource to read it.</p>}
        {error && <p className="error-text">{error}</p>}
        {contents?.map((item, index) => (
          <div key={index} className="result-resource" data-testid="resource-contents">
            <p className="mono small">
              {item.uri} {item.mimeType && <span className="muted">({item.mimeType})</span>}
            </p>
            {item.text !== undefined ? <pre className="result-text">{item.text}</pre> : <p className="muted">Binary content, {Math.round(((item.blob?.length ?? 0) * 3) / 4)} bytes.</p>}
          </div>
        ))}
      </section>
    </div>
  );
}

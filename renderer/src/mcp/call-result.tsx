import { AlertTriangle } from 'lucide-react';
import type { CallToolResult, ContentBlock } from '../../../shared/contract';
import { JsonView } from './json-view';

function parsedJson(text: string): unknown {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return undefined;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return undefined;
  }
}

function Block({ block }: { block: ContentBlock }) {
  if (block.type === 'text' && 'text' in block) {
    const json = parsedJson(String(block.text));
    return json === undefined ? <pre className="result-text">{String(block.text)}</pre> : <JsonView value={json} />;
  }
  if (block.type === 'image' && 'data' in block && 'mimeType' in block) {
    return <img className="result-image" src={`data:${String(block.mimeType)};base64,${String(block.data)}`} alt={`Image returned by the tool (${String(block.mimeType)})`} />;
  }
  if (block.type === 'audio' && 'mimeType' in block && 'data' in block) {
    return (
      <p className="muted">
        Audio ({String(block.mimeType)}, {Math.round((String(block.data).length * 3) / 4 / 1024)} KB)
      </p>
    );
  }
  if (block.type === 'resource_link' && 'uri' in block) {
    return (
      <p>
        Resource link: <code>{String(block.uri)}</code>
        {'description' in block && block.description ? <span className="muted"> — {String(block.description)}</span> : null}
      </p>
    );
  }
  if (block.type === 'resource' && 'resource' in block) {
    const resource = block.resource as { uri: string; mimeType?: string; text?: string; blob?: string };
    return (
      <div className="result-resource">
        <p>
          Embedded resource <code>{resource.uri}</code> {resource.mimeType && <span className="muted">({resource.mimeType})</span>}
        </p>
        {resource.text !== undefined ? <pre className="result-text">{resource.text}</pre> : <p className="muted">Binary, {Math.round(((resource.blob?.length ?? 0) * 3) / 4)} bytes</p>}
      </div>
    );
  }
  return <JsonView value={block} />;
}

/** A CallToolResult as it is meant to be read: text, JSON, images, resources, structured content, errors. */
export function CallResult({ result, durationMs }: { result: CallToolResult; durationMs?: number }) {
  return (
    <div className={result.isError ? 'call-result is-error' : 'call-result'} data-testid="call-result" data-error={result.isError ? 'true' : 'false'}>
      <div className="call-result-head">
        {result.isError ? (
          <strong className="error-text">
            <AlertTriangle size={14} aria-hidden /> The tool reported an error
          </strong>
        ) : (
          <strong>Result</strong>
        )}
        {durationMs !== undefined && <span className="muted">{durationMs.toFixed(1)} ms</span>}
      </div>
      {result.content.map((block, index) => (
        <Block key={index} block={block} />
      ))}
      {result.content.length === 0 && !result.structuredContent && <p className="muted">No content.</p>}
      {result.structuredContent && (
        <>
          <h4>Structured content</h4>
          <JsonView value={result.structuredContent} testId="structured-content" />
        </>
      )}
    </div>
  );
}

import Form from '@rjsf/core/lib/components/Form.js';
import type { RJSFSchema, UiSchema } from '@rjsf/utils';
import { useCallback, useMemo, useState } from 'react';
import type { CallToolResult, ToolInfo } from '../../../shared/contract';
import { call, type ApiRequestError } from '../api/client';
import { useApiEvent } from '../api/hooks';
import { CallResult } from './call-result';
import { jsonSchemaValidator } from '../components/schema-form/json-schema-validator';

const UI_SCHEMA: UiSchema = { 'ui:submitButtonOptions': { norender: true } };

function newCallId(): string {
  return crypto.randomUUID();
}

type Outcome = { kind: 'result'; result: CallToolResult; durationMs: number } | { kind: 'error'; message: string; code: string };

/**
 * The form RJSF generates from a tool's input schema, the call it makes, its progress with a
 * Cancel button, and the result.
 */
export function ToolCallForm({ server, tool, initialArgs }: { server: string; tool: ToolInfo; initialArgs?: Record<string, unknown> }) {
  const [formData, setFormData] = useState<Record<string, unknown>>(initialArgs ?? {});
  const [callId, setCallId] = useState<string | undefined>();
  const [progress, setProgress] = useState<{ progress: number; total?: number; message?: string } | undefined>();
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  const schema = useMemo(() => ({ type: 'object', ...tool.inputSchema }) as RJSFSchema, [tool.inputSchema]);

  useApiEvent(
    'mcp.call.progress',
    useCallback(
      (event) => {
        if (event.callId === callId) setProgress({ progress: event.progress, total: event.total, message: event.message });
      },
      [callId],
    ),
  );

  const submit = async (args: Record<string, unknown>) => {
    const id = newCallId();
    setCallId(id);
    setProgress(undefined);
    setOutcome(undefined);
    try {
      const done = await call('mcp.tools.call', { server, tool: tool.name, arguments: args, callId: id });
      setOutcome({ kind: 'result', result: done.result, durationMs: done.durationMs });
    } catch (error) {
      const failure = error as ApiRequestError;
      setOutcome({ kind: 'error', message: failure.message, code: failure.code });
    } finally {
      setCallId(undefined);
    }
  };

  const pending = callId !== undefined;
  return (
    <div className="tool-call">
      <Form
        schema={schema}
        uiSchema={UI_SCHEMA}
        validator={jsonSchemaValidator}
        formData={formData}
        onChange={(event) => setFormData((event.formData ?? {}) as Record<string, unknown>)}
        onSubmit={(event) => void submit((event.formData ?? {}) as Record<string, unknown>)}
        showErrorList={false}
        // Errors show beside their fields; without a handler RJSF also logs them to the console.
        onError={() => {}}
        noHtml5Validate
        disabled={pending || !tool.enabled}
        idPrefix={`tool-${tool.name}`}
      >
        <div className="tool-call-actions">
          <button type="submit" className="button primary" disabled={pending || !tool.enabled} data-testid="tool-call-submit">
            {pending ? 'Calling…' : `Call ${tool.name}`}
          </button>
          {pending && (
            <button type="button" className="button" data-testid="tool-call-cancel" onClick={() => void call('mcp.calls.cancel', { callId: callId! })}>
              Cancel
            </button>
          )}
          {!tool.enabled && <span className="muted">This tool is switched off: switch it on to call it.</span>}
        </div>
      </Form>
      {pending && (
        <div className="call-progress" data-testid="call-progress">
          {progress ? (
            <>
              <progress value={progress.progress} max={progress.total ?? undefined} />
              <span className="muted">
                {progress.total ? `${progress.progress} / ${progress.total}` : `${progress.progress}`}
                {progress.message ? ` — ${progress.message}` : ''}
              </span>
            </>
          ) : (
            <>
              <progress />
              <span className="muted">Waiting for the server…</span>
            </>
          )}
        </div>
      )}
      {outcome?.kind === 'result' && <CallResult result={outcome.result} durationMs={outcome.durationMs} />}
      {outcome?.kind === 'error' && (
        <div className="call-result is-error" data-testid="call-error">
          <strong className="error-text">{outcome.code === 'cancelled' ? 'Cancelled' : 'The call failed'}</strong>
          <p>{outcome.message}</p>
        </div>
      )}
    </div>
  );
}

import { CircleCheck, CircleX, RefreshCw } from 'lucide-react';
import type { ProviderCheck, ProviderKind } from '../../../../shared/contract';
import { useApiMutation, useApiQuery } from '../../api/hooks';
import { SegmentedChoice } from '../../components/segmented-choice';
import type { Draft } from './draft';

const MODES = [
  { value: 'connection', label: 'A connection' },
  { value: 'endpoint', label: 'An endpoint' },
] as const;

/**
 * Step 2: who serves the model. A connection made on the Integrations page (its key in the
 * vault), or an endpoint with a vault reference for its key; then the provider is asked for
 * its models, and the step is done when it answers and lists the chosen one.
 */
export function ProviderStep({ draft, onChange, check, onChecked }: { draft: Draft; onChange(draft: Draft): void; check: ProviderCheck | undefined; onChecked(check: ProviderCheck | undefined): void }) {
  const connections = useApiQuery('integrations.connections.list', {});
  const usable = (connections.data ?? []).filter((connection) => connection.pluginId === 'openai-compatible' || connection.pluginId === 'anthropic');
  const probe = useApiMutation('agents.checkProvider', { onSuccess: onChecked });
  const mode = draft.provider && 'kind' in draft.provider ? 'endpoint' : 'connection';
  const set = (next: Partial<Draft>) => {
    onChange({ ...draft, ...next });
    onChecked(undefined);
  };
  const endpoint = draft.provider && 'kind' in draft.provider ? draft.provider : { kind: 'openai-compatible' as ProviderKind, baseUrl: 'http://127.0.0.1:11434/v1' };
  return (
    <div className="agent-form">
      <SegmentedChoice label="Provider" name="provider-mode" choices={MODES} value={mode} onChange={(value) => set({ provider: value === 'endpoint' ? endpoint : usable[0] ? { connection: usable[0].id } : undefined })} small />
      {mode === 'connection' ? (
        usable.length === 0 ? (
          <p className="notice">No OpenAI-compatible or Anthropic connection yet: add one on the Integrations page (its key goes to the vault), or give an endpoint.</p>
        ) : (
          <label>
            Connection
            <select className="select" value={draft.provider && 'connection' in draft.provider ? draft.provider.connection : ''} onChange={(event) => set({ provider: { connection: event.target.value } })} data-testid="wizard-connection">
              <option value="" disabled>
                Choose a connection…
              </option>
              {usable.map((connection) => (
                <option key={connection.id} value={connection.id}>
                  {connection.name} ({connection.pluginId === 'anthropic' ? 'Anthropic' : 'OpenAI-compatible'})
                </option>
              ))}
            </select>
          </label>
        )
      ) : (
        <>
          <label>
            API
            <select className="select" value={endpoint.kind} onChange={(event) => set({ provider: { ...endpoint, kind: event.target.value as ProviderKind } })}>
              <option value="openai-compatible">OpenAI-compatible (OpenAI, OpenRouter, Ollama, llama.cpp, vLLM)</option>
              <option value="anthropic">Anthropic Messages</option>
            </select>
          </label>
          <label>
            Base URL
            <input className="form-control" value={endpoint.baseUrl} onChange={(event) => set({ provider: { ...endpoint, baseUrl: event.target.value } })} placeholder="https://api.openai.com/v1" data-testid="wizard-base-url" />
          </label>
          <label>
            Key <span className="muted">(a vault reference; empty for a local server)</span>
            <input className="form-control" value={endpoint.apiKey ?? ''} onChange={(event) => set({ provider: { ...endpoint, apiKey: event.target.value || undefined } })} placeholder="{{ secrets.OPENAI_API_KEY }}" />
          </label>
        </>
      )}
      <label>
        Model
        <input className="form-control" list="wizard-models" value={draft.model} onChange={(event) => set({ model: event.target.value })} placeholder="gpt-4o-mini" data-testid="wizard-model" />
        <datalist id="wizard-models">
          {check?.models.map((model) => (
            <option key={model} value={model} />
          ))}
        </datalist>
      </label>
      <div className="agent-form-row">
        <button type="button" className="button" disabled={!draft.provider || probe.isPending} onClick={() => probe.mutate({ provider: draft.provider!, model: draft.model || undefined })} data-testid="wizard-check-provider">
          <RefreshCw size={14} aria-hidden className={probe.isPending ? 'spin' : undefined} /> Check the provider
        </button>
        {check && (
          <span className={check.ok ? 'check-ok' : 'check-bad'} data-testid="provider-check" data-ok={check.ok}>
            {check.ok ? <CircleCheck size={15} aria-hidden /> : <CircleX size={15} aria-hidden />}{' '}
            {check.ok ? `It answered in ${check.responseMs} ms and offers ${draft.model}.` : (check.error ?? 'It did not answer.')}
            {check.models.length > 0 && !check.modelListed && ` It offers: ${check.models.slice(0, 8).join(', ')}${check.models.length > 8 ? '…' : ''}.`}
          </span>
        )}
      </div>
    </div>
  );
}

import type Form from '@rjsf/core/lib/components/Form.js';
import type { RJSFSchema } from '@rjsf/utils';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Connection, ConnectionSettings } from '../../../shared/contract';
import type { AuthType } from '../../../shared/integrations/connection-auth';
import type { ApiRequestError } from '../api/client';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { showToast } from '../components/toasts';
import { PluginIcon } from '../components/plugin-icon';
import { logsInOverSsh } from '../../../shared/integrations/ssh';
import { SchemaForm } from './schema-form';

type Values = Record<string, unknown>;

export interface DialogTarget {
  pluginId: string;
  /** Set when editing. */
  connection?: Connection;
}

interface SettingsDraft {
  cacheTtlSeconds: string;
  healthCheckIntervalSeconds: string;
  requestsPerSecond: string;
  burst: string;
  crossOriginPages: ConnectionSettings['crossOriginPages'];
}

function settingsDraft(settings: ConnectionSettings | undefined): SettingsDraft {
  return {
    cacheTtlSeconds: String(settings?.cacheTtlSeconds ?? 0),
    healthCheckIntervalSeconds: String(settings?.healthCheckIntervalSeconds ?? 30),
    requestsPerSecond: settings?.rateLimit ? String(settings.rateLimit.requestsPerSecond) : '',
    burst: settings?.rateLimit ? String(settings.rateLimit.burst) : '',
    crossOriginPages: settings?.crossOriginPages ?? 'refuse',
  };
}

function settingsPatch(draft: SettingsDraft) {
  const rateLimit = draft.requestsPerSecond && draft.burst ? { requestsPerSecond: Number(draft.requestsPerSecond), burst: Number(draft.burst) } : null;
  return { cacheTtlSeconds: Number(draft.cacheTtlSeconds || 0), healthCheckIntervalSeconds: Number(draft.healthCheckIntervalSeconds || 30), rateLimit, crossOriginPages: draft.crossOriginPages };
}

/**
 * The connection dialog, generated from the integration's manifest: its connection settings
 * and the fields of the auth method chosen are JSON Schema forms. Secrets typed here go to the
 * vault when saved; the connection keeps only references to them.
 */
export function ConnectionDialog({ target, onClose, onSaved }: { target: DialogTarget; onClose: () => void; onSaved: (connectionId: string) => void }) {
  const existing = target.connection;
  const ref = useRef<HTMLDialogElement>(null);
  const configForm = useRef<Form<Values, RJSFSchema>>(null);
  const authForm = useRef<Form<Values, RJSFSchema>>(null);
  const [version, setVersion] = useState<string | undefined>(existing?.pluginVersion);
  const plugin = useApiQuery('integrations.plugin', { id: target.pluginId, version });
  // Until the person types one, the name is the integration's.
  const [typedName, setName] = useState<string | undefined>(existing?.name);
  const [config, setConfig] = useState<Values>(existing?.config ?? {});
  const [authType, setAuthType] = useState<AuthType | undefined>(existing?.auth.type);
  const [authValues, setAuthValues] = useState<Partial<Record<AuthType, Values>>>(() => {
    if (!existing) return {};
    const { type, ...fields } = existing.auth;
    return { [type]: fields };
  });
  const [secrets, setSecrets] = useState<Record<string, string>>(existing?.secrets ?? {});
  const [settings, setSettings] = useState<SettingsDraft>(settingsDraft(existing?.settings));
  const [failure, setFailure] = useState<ApiRequestError | null>(null);
  const [attempted, setAttempted] = useState(false);
  const create = useApiMutation('integrations.connections.create');
  const update = useApiMutation('integrations.connections.update');
  const test = useApiMutation('integrations.connections.test');
  const scan = useApiMutation('ssh.hostKeys.scan', { meta: { inlineErrors: true } });
  const busy = create.isPending || update.isPending || test.isPending || scan.isPending;

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const info = plugin.data?.plugin;
  const authForms = plugin.data?.authForms ?? [];
  const auth = authForms.find((form) => form.type === authType) ?? authForms[0];
  const name = typedName ?? info?.name ?? '';
  const overSsh = info ? logsInOverSsh(info) : false;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    setAttempted(true);
    const configValid = configForm.current ? configForm.current.validateForm() : true;
    const authValid = authForm.current ? authForm.current.validateForm() : true;
    if (!configValid || !authValid || !auth || !info) return;
    const payload = {
      name,
      config,
      auth: { type: auth.type, ...(authValues[auth.type] ?? {}) },
      secrets: Object.fromEntries(Object.entries(secrets).filter(([, value]) => value.trim() !== '')),
      settings: settingsPatch(settings),
    };
    try {
      const saved = existing ? await update.mutateAsync({ id: existing.id, ...payload }) : await create.mutateAsync({ pluginId: info.id, version: info.version, ...payload });
      const needsSignIn = saved.auth.type === 'oauth2' && saved.auth.flow === 'authorization_code';
      // An SSH server not met before: its host key is confirmed on the connection's page before any login.
      const hostKeys = overSsh ? await scan.mutateAsync({ connectionId: saved.id }).catch(() => undefined) : undefined;
      if (needsSignIn) {
        showToast({ kind: 'info', title: `${saved.name} saved`, detail: 'Click Authorize to sign in with the provider.' });
      } else if (hostKeys && !hostKeys.trusted) {
        showToast({ kind: 'info', title: `${saved.name} saved`, detail: 'Check the host key the server presents, then trust it to connect.' });
      } else {
        const result = await test.mutateAsync({ id: saved.id });
        showToast(
          result.ok
            ? { kind: 'success', title: `${saved.name} is connected`, detail: `Answered in ${Math.round(result.responseMs)} ms.` }
            : { kind: 'error', title: `${saved.name} saved, but its test failed`, detail: result.error ?? undefined },
        );
      }
      onSaved(saved.id);
    } catch (error) {
      setFailure(error as ApiRequestError);
    }
  };

  const setting = (key: keyof SettingsDraft) => ({
    value: settings[key],
    onChange: (event: { target: { value: string } }) => setSettings((current) => ({ ...current, [key]: event.target.value })),
  });

  return (
    <dialog ref={ref} className="dialog connection-dialog" onClose={onClose} aria-labelledby="connection-dialog-title" data-testid="connection-dialog">
      <form onSubmit={submit} noValidate>
        <header className="dialog-header">
          {info && <PluginIcon name={info.icon} />}
          <div>
            <h2 id="connection-dialog-title">{existing ? `Edit ${existing.name}` : `Connect ${info?.name ?? '…'}`}</h2>
            {info && <p className="muted">{info.description}</p>}
          </div>
        </header>
        {plugin.isError && <p className="form-error">{plugin.error.message}</p>}
        {info && (
          <div className="dialog-body">
            <div className="field-row">
              <label className="field">
                <span>Name</span>
                <input className="form-control" value={name} onChange={(event) => setName(event.target.value)} required maxLength={80} data-testid="connection-name" />
              </label>
              {!existing && info.versions.length > 1 && (
                <label className="field narrow">
                  <span>Version</span>
                  <select className="select" value={info.version} onChange={(event) => setVersion(event.target.value)} data-testid="connection-version">
                    {[...info.versions].reverse().map((candidate) => (
                      <option key={candidate} value={candidate}>
                        {candidate}
                      </option>
                    ))}
                  </select>
                </label>
              )}
            </div>

            {info.connection && Object.keys((info.connection.properties as object | undefined) ?? {}).length > 0 && (
              <fieldset className="form-section">
                <legend>Connection</legend>
                <SchemaForm formRef={configForm} schema={info.connection as RJSFSchema} value={config} onChange={setConfig} idPrefix="config" disabled={busy} live={attempted} />
              </fieldset>
            )}

            <fieldset className="form-section">
              <legend>Authentication</legend>
              {authForms.length > 1 && (
                <label className="field">
                  <span>Method</span>
                  <select className="select" value={auth?.type} onChange={(event) => setAuthType(event.target.value as AuthType)} data-testid="auth-type">
                    {authForms.map((form) => (
                      <option key={form.type} value={form.type}>
                        {form.label}
                      </option>
                    ))}
                  </select>
                </label>
              )}
              {auth && Object.keys((auth.schema.properties as object | undefined) ?? {}).length > 0 ? (
                <SchemaForm
                  key={auth.type}
                  formRef={authForm}
                  schema={auth.schema as RJSFSchema}
                  value={authValues[auth.type] ?? {}}
                  onChange={(value) => setAuthValues((current) => ({ ...current, [auth.type]: value }))}
                  idPrefix="auth"
                  disabled={busy}
                  live={attempted}
                />
              ) : (
                <p className="muted">No credentials are sent.</p>
              )}
              {auth && auth.secretFields.length > 0 && <p className="muted hint">Secrets are stored in the encrypted vault; type {'{{ secrets.NAME }}'} to use a record already there.</p>}
            </fieldset>

            {plugin.data!.connectionSecrets.length > 0 && (
              <fieldset className="form-section">
                <legend>Secrets</legend>
                {plugin.data!.connectionSecrets.map((slot) => (
                  <label key={slot.id} className="field">
                    <span>
                      {slot.title}
                      {slot.required ? ' *' : ''}
                    </span>
                    <input
                      className="form-control"
                      type={/^\s*\{\{/.test(secrets[slot.id] ?? '') ? 'text' : 'password'}
                      autoComplete="off"
                      value={secrets[slot.id] ?? ''}
                      onChange={(event) => setSecrets((current) => ({ ...current, [slot.id]: event.target.value }))}
                      placeholder="Value, or {{ secrets.NAME }}"
                      data-testid={`slot-${slot.id}`}
                    />
                    {slot.description && <small className="muted">{slot.description}</small>}
                  </label>
                ))}
              </fieldset>
            )}

            <details className="form-section advanced">
              <summary>{overSsh ? 'Health checks' : 'Rate limit, cache, pages and health checks'}</summary>
              <div className="field-grid">
                {!overSsh && (
                  <>
                    <label className="field">
                      <span>Requests per second</span>
                      <input className="form-control" type="number" min="0" step="any" placeholder={info.rateLimit ? String(info.rateLimit.requestsPerSecond) : 'No limit'} {...setting('requestsPerSecond')} />
                    </label>
                    <label className="field">
                      <span>Burst</span>
                      <input className="form-control" type="number" min="1" step="1" placeholder={info.rateLimit ? String(info.rateLimit.burst) : '—'} {...setting('burst')} />
                    </label>
                    <label className="field">
                      <span>Cache GETs for (s)</span>
                      <input className="form-control" type="number" min="0" step="1" {...setting('cacheTtlSeconds')} data-testid="setting-cache" />
                    </label>
                  </>
                )}
                <label className="field">
                  <span>Health check every (s)</span>
                  <input className="form-control" type="number" min="1" step="1" {...setting('healthCheckIntervalSeconds')} data-testid="setting-interval" />
                </label>
                {!overSsh && (
                  <label className="field">
                    <span>Next pages on other origins</span>
                    <select className="select" {...setting('crossOriginPages')} data-testid="setting-cross-origin-pages">
                      <option value="refuse">Refuse (credentials stay on this origin)</option>
                      <option value="without_credentials">Fetch without credentials</option>
                    </select>
                  </label>
                )}
              </div>
            </details>

            {failure && (
              <div className="form-error" role="alert" data-testid="connection-error">
                {failure.path && <code>{failure.path}</code>} {failure.message}
              </div>
            )}
          </div>
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={() => ref.current?.close()} data-testid="connection-cancel">
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={!info || busy} data-testid="connection-save">
            {busy ? (test.isPending ? 'Testing…' : 'Saving…') : existing ? 'Save and test' : 'Connect'}
          </button>
        </div>
      </form>
    </dialog>
  );
}

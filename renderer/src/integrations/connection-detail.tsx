import { ArrowLeft, ExternalLink, Pencil, RefreshCw, Trash2, Unplug } from 'lucide-react';
import { useState } from 'react';
import { AUTH_LABELS } from '../../../shared/integrations/connection-auth';
import type { ApiRequestError } from '../api/client';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { CommandLine } from '../components/code';
import { formatRelative } from '../components/format';
import { showToast } from '../components/toasts';
import { EventLog } from './event-log';
import { HealthChart } from '../components/health-chart';
import { PluginIcon } from '../components/plugin-icon';
import { logsInOverSsh } from '../../../shared/integrations/ssh';
import { HostKeyCard } from './host-key-card';
import { StatusBadge } from './status-badge';

/** The title a manifest gives a connection setting, else its key. */
function settingTitle(schema: Record<string, unknown> | undefined, key: string): string {
  const property = (schema?.properties as Record<string, { title?: string }> | undefined)?.[key];
  return property?.title ?? key;
}

const failed = (title: string) => (error: ApiRequestError) => showToast({ kind: 'error', title, detail: error.message });

/** One connection: status, the Test button, its health chart and event log. */
export function ConnectionDetail({ id, onBack, onEdit }: { id: string; onBack: () => void; onEdit: () => void }) {
  const connection = useApiQuery('integrations.connections.get', { id });
  const health = useApiQuery('integrations.connections.health', { id, limit: 120 });
  const events = useApiQuery('integrations.connections.events', { id, limit: 100 });
  const plugins = useApiQuery('integrations.plugins', {});
  const test = useApiMutation('integrations.connections.test');
  const disconnect = useApiMutation('integrations.connections.disconnect');
  const remove = useApiMutation('integrations.connections.delete');
  const authorize = useApiMutation('integrations.connections.authorize');
  const [authorizationUrl, setAuthorizationUrl] = useState<string | null>(null);

  if (connection.isError) {
    return (
      <div className="card">
        <p className="form-error">{connection.error.message}</p>
        <button type="button" className="button" onClick={onBack}>
          <ArrowLeft size={15} aria-hidden /> All integrations
        </button>
      </div>
    );
  }
  const data = connection.data;
  if (!data) return null;
  const plugin = plugins.data?.find((candidate) => candidate.id === data.pluginId);
  const overSsh = plugin ? logsInOverSsh(plugin) : false;
  const signIn = data.auth.type === 'oauth2' && data.auth.flow === 'authorization_code';

  return (
    <div className="connection-detail" data-testid="connection-detail">
      <div className="detail-header card">
        <button type="button" className="icon-button" onClick={onBack} aria-label="All integrations" data-testid="connection-back">
          <ArrowLeft size={16} />
        </button>
        <PluginIcon name={plugin?.icon ?? 'plug'} size={22} />
        <div className="detail-title">
          <h2 data-testid="connection-title">{data.name}</h2>
          <span className="muted">
            {plugin?.name ?? data.pluginId} {data.pluginVersion} · {AUTH_LABELS[data.auth.type]}
          </span>
        </div>
        <StatusBadge status={data.status} />
        <div className="page-actions">
          <button
            type="button"
            className="button primary"
            disabled={test.isPending || data.status === 'testing'}
            onClick={() =>
              test.mutate(
                { id },
                {
                  onSuccess: (result) =>
                    showToast(result.ok ? { kind: 'success', title: 'Connection works', detail: `Answered in ${Math.round(result.responseMs)} ms.` } : { kind: 'error', title: 'Test failed', detail: result.error ?? undefined }),
                  onError: failed('Could not test'),
                },
              )
            }
            data-testid="connection-test"
          >
            <RefreshCw size={15} aria-hidden className={test.isPending ? 'spin' : undefined} /> {test.isPending ? 'Testing…' : 'Test connection'}
          </button>
          {signIn && (
            <button
              type="button"
              className="button"
              disabled={authorize.isPending}
              onClick={() =>
                authorize.mutate(
                  { id },
                  {
                    onSuccess: ({ authorizationUrl: url }) => {
                      setAuthorizationUrl(url);
                      showToast({ kind: 'info', title: 'Finish signing in in your browser', detail: 'The connection updates when the provider sends you back.' });
                    },
                    onError: failed('Could not start the authorization'),
                  },
                )
              }
              data-testid="connection-authorize"
            >
              <ExternalLink size={15} aria-hidden /> Authorize
            </button>
          )}
          <button type="button" className="button" onClick={onEdit} data-testid="connection-edit">
            <Pencil size={15} aria-hidden /> Edit
          </button>
          {data.status !== 'disconnected' && (
            <button type="button" className="button" onClick={() => disconnect.mutate({ id }, { onError: failed('Could not disconnect') })} data-testid="connection-disconnect">
              <Unplug size={15} aria-hidden /> Disconnect
            </button>
          )}
          <button
            type="button"
            className="button danger"
            onClick={() => {
              if (!window.confirm(`Delete the connection "${data.name}"? Its health history and event log go with it; its vault records stay.`)) return;
              remove.mutate({ id }, { onSuccess: onBack, onError: failed('Could not delete') });
            }}
            data-testid="connection-delete"
          >
            <Trash2 size={15} aria-hidden /> Delete
          </button>
        </div>
      </div>

      {data.statusMessage && data.status !== 'connected' && (
        <p className={data.status === 'error' ? 'form-error' : 'notice'} data-testid="connection-status-message">
          {data.statusMessage}
        </p>
      )}
      {overSsh && <HostKeyCard connection={data} />}
      {authorizationUrl && signIn && data.status === 'configuring' && (
        <div className="notice">
          <p>If no browser opened, open this address to sign in:</p>
          <CommandLine>{authorizationUrl}</CommandLine>
        </div>
      )}

      <section className="grid-2">
        <div className="card">
          <h3 className="card-title">Response time</h3>
          <HealthChart
            samples={(health.data ?? []).map((sample) => ({ at: sample.at, ok: sample.ok, latencyMs: sample.responseMs, error: sample.error }))}
            emptyText="No health checks yet. Test the connection to record the first one."
          />
        </div>
        <div className="card">
          <h3 className="card-title">Details</h3>
          <dl className="facts">
            <dt>Last check</dt>
            <dd>{data.lastCheckedAt ? `${formatRelative(data.lastCheckedAt)} (${Math.round(data.lastResponseMs ?? 0)} ms)` : 'Never'}</dd>
            <dt>Health checks</dt>
            <dd>{data.settings.healthChecks ? `Every ${data.settings.healthCheckIntervalSeconds} s while connected` : 'Off'}</dd>
            {!overSsh && (
              <>
                <dt>Rate limit</dt>
                <dd>
                  {data.settings.rateLimit
                    ? `${data.settings.rateLimit.requestsPerSecond}/s, burst ${data.settings.rateLimit.burst}`
                    : plugin?.rateLimit
                      ? `${plugin.rateLimit.requestsPerSecond}/s, burst ${plugin.rateLimit.burst} (integration default)`
                      : 'None'}
                </dd>
                <dt>Cache</dt>
                <dd>{data.settings.cacheTtlSeconds > 0 ? `GETs kept ${data.settings.cacheTtlSeconds} s, per caller` : 'Off'}</dd>
                <dt>Pages on other origins</dt>
                <dd>{data.settings.crossOriginPages === 'without_credentials' ? 'Fetched without credentials' : 'Refused'}</dd>
              </>
            )}
            {Object.entries(data.config)
              .filter(([, value]) => typeof value === 'string' && value !== '')
              .map(([key, value]) => (
                <div key={key} className="facts-row">
                  <dt>{settingTitle(plugin?.connection, key)}</dt>
                  <dd className="mono">{String(value)}</dd>
                </div>
              ))}
          </dl>
        </div>
      </section>

      <section className="card">
        <h3 className="card-title">Event log</h3>
        <EventLog events={events.data ?? []} />
      </section>
    </div>
  );
}

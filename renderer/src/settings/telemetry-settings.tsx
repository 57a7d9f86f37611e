import { Activity, Gauge, Minus, Plus } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import type { TelemetryStatus } from '../../../shared/contract';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { showToast } from '../components/toasts';
import '../alerts/alerts.css';

const STATE_LABEL: Record<TelemetryStatus['tracing']['state'], string> = { off: 'Off', exporting: 'Exporting', error: 'Not exporting' };

/** OpenTelemetry tracing: on/off, the collector, its headers (vault references allowed), sampling; with a test button. */
function TracingCard({ status }: { status: TelemetryStatus['tracing'] }) {
  const update = useApiMutation('telemetry.update', { meta: { inlineErrors: true } });
  const test = useApiMutation('telemetry.tracing.test');
  const [endpoint, setEndpoint] = useState(status.endpoint ?? '');
  const [headers, setHeaders] = useState<Array<[string, string]>>(Object.entries(status.headers));
  const [ratio, setRatio] = useState(String(Math.round(status.sampleRatio * 100)));
  const [perSecond, setPerSecond] = useState(String(status.maxTracesPerSecond));
  const [problem, setProblem] = useState<string>();

  const save = (event?: FormEvent, enabled = status.enabled) => {
    event?.preventDefault();
    update.mutate(
      { enabled, endpoint: endpoint.trim() || null, headers: Object.fromEntries(headers.filter(([name]) => name.trim())), sampleRatio: Number(ratio) / 100, maxTracesPerSecond: Number(perSecond) },
      {
        onSuccess: (next) => {
          setProblem(undefined);
          showToast({ kind: 'success', title: next.tracing.enabled ? 'Tracing is on' : 'Tracing settings saved' });
        },
        onError: (error) => setProblem(error.message),
      },
    );
  };

  return (
    <section className="card" data-testid="tracing-settings">
      <div className="card-toolbar">
        <h2 className="card-title">
          <Activity size={16} aria-hidden /> OpenTelemetry traces
        </h2>
        <label className="field-inline">
          <span className="switch">
            <input type="checkbox" checked={status.enabled} onChange={(event) => save(undefined, event.target.checked)} aria-label="Export traces" data-testid="tracing-enabled" />
            <span />
          </span>
          {STATE_LABEL[status.state]}
        </label>
      </div>
      <p className="muted">
        Each execution becomes a trace: a span per step, HTTP call, MCP tool call and model turn, sent over OTLP/HTTP to your collector (Jaeger, Tempo, Honeycomb, an OpenTelemetry Collector). Secret values never leave: attributes are redacted.
        {status.source === 'environment' && ' The endpoint comes from OTEL_EXPORTER_OTLP_* until you set one here.'}
      </p>
      {status.problem && (
        <p className="form-error" data-testid="tracing-problem">
          {status.problem}
        </p>
      )}
      <form onSubmit={save} noValidate>
        <div className="field-grid">
          <label className="field">
            <span>Collector endpoint</span>
            <input className="form-control mono" value={endpoint} placeholder={status.effectiveEndpoint ?? 'http://127.0.0.1:4318'} onChange={(event) => setEndpoint(event.target.value)} data-testid="tracing-endpoint" />
          </label>
          <div className="field-row">
            <label className="field">
              <span>Runs traced (%)</span>
              <input className="form-control" type="number" min={0} max={100} value={ratio} onChange={(event) => setRatio(event.target.value)} data-testid="tracing-ratio" />
            </label>
            <label className="field">
              <span>At most, traces/s</span>
              <input className="form-control" type="number" min={0} value={perSecond} onChange={(event) => setPerSecond(event.target.value)} data-testid="tracing-rate" />
              <small className="muted">0: no limit</small>
            </label>
          </div>
        </div>
        <div className="field">
          <span>Headers (an API key: use {'{{ secrets.NAME }}'})</span>
          <div className="kv-rows">
            {headers.map(([name, value], index) => (
              <div className="kv-row" key={index}>
                <input className="form-control mono" value={name} placeholder="x-honeycomb-team" onChange={(event) => setHeaders(headers.map((pair, at) => (at === index ? [event.target.value, pair[1]] : pair)))} aria-label="Header name" />
                <input className="form-control mono" value={value} placeholder="{{ secrets.COLLECTOR_KEY }}" onChange={(event) => setHeaders(headers.map((pair, at) => (at === index ? [pair[0], event.target.value] : pair)))} aria-label="Header value" />
                <button type="button" className="icon-button" aria-label="Remove header" onClick={() => setHeaders(headers.filter((_, at) => at !== index))}>
                  <Minus size={15} />
                </button>
              </div>
            ))}
            <button type="button" className="button small" onClick={() => setHeaders([...headers, ['', '']])}>
              <Plus size={14} aria-hidden /> Add a header
            </button>
          </div>
        </div>
        {problem && <p className="form-error">{problem}</p>}
        <div className="dialog-actions">
          <span className="muted small">
            {status.exported} spans exported{status.failedExports > 0 ? `, ${status.failedExports} exports failed` : ''}
          </span>
          <button type="button" className="button" onClick={() => test.mutate({}, { onSuccess: (result) => showToast(result.ok ? { kind: 'success', title: 'The collector accepted a test span' } : { kind: 'error', title: 'The collector did not take the test span', detail: result.error ?? undefined }) })} data-testid="tracing-test">
            Send a test span
          </button>
          <button type="submit" className="button primary" disabled={update.isPending} data-testid="tracing-save">
            Save
          </button>
        </div>
      </form>
    </section>
  );
}

/** Prometheus: where to scrape, with which token, and the scrape config to paste. */
function MetricsCard({ status }: { status: TelemetryStatus['metrics'] }) {
  const rotate = useApiMutation('telemetry.metrics.rotateToken');
  const clear = useApiMutation('telemetry.metrics.clearToken');
  const [token, setToken] = useState<string>();
  const target = location.host;
  const snippet = [
    'scrape_configs:',
    '  - job_name: echelon',
    `    metrics_path: ${status.path}`,
    '    authorization:',
    `      credentials: ${token ?? '<scrape token>'}`,
    '    static_configs:',
    `      - targets: ['${target}']`,
  ].join('\n');
  return (
    <section className="card" data-testid="metrics-settings">
      <h2 className="card-title">
        <Gauge size={16} aria-hidden /> Prometheus metrics
      </h2>
      <p className="muted">
        <code>{status.path}</code> serves runs by workflow and status, step and tool-call latencies, queue depth and lag, MCP servers and connections up, alerts and process metrics ({status.series} series now). It takes the serve token or a scrape token of its own.
      </p>
      <dl className="facts">
        <dt>Scrape token</dt>
        <dd data-testid="metrics-token-state">{status.scrapeToken === 'settings' ? 'Set (only its hash is kept)' : status.scrapeToken === 'environment' ? 'From ECHELON_METRICS_TOKEN' : 'None: the serve token only'}</dd>
      </dl>
      {token && (
        <p className="notice" data-testid="metrics-token">
          Copy it now, it is not shown again: <code className="mono">{token}</code>
        </p>
      )}
      <pre className="snippet">{snippet}</pre>
      <div className="dialog-actions">
        {status.scrapeToken === 'settings' && (
          <button type="button" className="button" onClick={() => clear.mutate({}, { onSuccess: () => setToken(undefined) })} data-testid="metrics-token-clear">
            Forget the token
          </button>
        )}
        <button type="button" className="button primary" onClick={() => rotate.mutate({}, { onSuccess: (result) => setToken(result.token) })} data-testid="metrics-token-rotate">
          {status.scrapeToken === 'settings' ? 'New scrape token' : 'Make a scrape token'}
        </button>
      </div>
    </section>
  );
}

export function TelemetrySettings() {
  const status = useApiQuery('telemetry.get', {}, { refetchInterval: 5000 });
  if (!status.data) return null;
  return (
    <>
      <TracingCard status={status.data.tracing} />
      <MetricsCard status={status.data.metrics} />
    </>
  );
}

import { Minus, Plus } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import type { AlertChannel, ChannelConfig, ChannelType } from '../../../shared/contract';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { Modal } from '../components/modal';
import { SegmentedChoice } from '../components/segmented-choice';
import { showToast } from '../components/toasts';
import { CHANNEL_TYPES } from './channel-types';

type Fields = Record<string, string>;

/** The form's flat fields from a stored config, and back. */
function fieldsOf(config: ChannelConfig | undefined): Fields {
  if (!config) return {};
  switch (config.type) {
    case 'slack':
      return { connectionId: config.connectionId, channel: config.channel ?? '' };
    case 'email':
      return { host: config.host, port: String(config.port ?? 587), security: config.security ?? 'starttls', from: config.from, to: config.to.join(', '), loginSecret: config.loginSecret ?? '' };
    case 'webhook':
      return { url: config.url, signingSecret: config.signingSecret };
    case 'workflow':
      return { workflowId: config.workflowId };
    default:
      return {};
  }
}

function configOf(type: ChannelType, fields: Fields, headers: Array<[string, string]>): ChannelConfig {
  switch (type) {
    case 'slack':
      return { type, connectionId: fields.connectionId ?? '', ...(fields.channel?.trim() ? { channel: fields.channel.trim() } : {}) };
    case 'email':
      return {
        type,
        host: fields.host ?? '',
        port: Number(fields.port || 587),
        security: (fields.security ?? 'starttls') as 'tls' | 'starttls' | 'none',
        from: fields.from ?? '',
        to: (fields.to ?? '').split(',').map((address) => address.trim()).filter(Boolean),
        ...(fields.loginSecret ? { loginSecret: fields.loginSecret } : {}),
      };
    case 'webhook':
      return { type, url: fields.url ?? '', signingSecret: fields.signingSecret ?? '', headers: Object.fromEntries(headers.filter(([name]) => name.trim())) };
    case 'workflow':
      return { type, workflowId: fields.workflowId ?? '' };
    default:
      return { type: 'desktop' };
  }
}

export function ChannelDialog({ target, onClose }: { target: { channel?: AlertChannel } | undefined; onClose: () => void }) {
  return (
    <Modal open={target !== undefined} onClose={onClose} title={target?.channel ? `Edit “${target.channel.name}”` : 'New channel'} testId="channel-dialog" wide>
      {target && <ChannelForm key={target.channel?.id ?? 'new'} channel={target.channel} onDone={onClose} />}
    </Modal>
  );
}

function ChannelForm({ channel, onDone }: { channel?: AlertChannel; onDone: () => void }) {
  const [type, setType] = useState<ChannelType>(channel?.config.type ?? 'slack');
  const [name, setName] = useState(channel?.name ?? '');
  const [fields, setFields] = useState<Fields>(fieldsOf(channel?.config));
  const [headers, setHeaders] = useState<Array<[string, string]>>(channel?.config.type === 'webhook' ? Object.entries(channel.config.headers ?? {}) : []);
  const [notifyResolved, setNotifyResolved] = useState(channel?.notifyResolved ?? true);
  const [problem, setProblem] = useState<{ message: string; path?: string }>();
  const connections = useApiQuery('integrations.connections.list', {});
  const secrets = useApiQuery('vault.list', {}, { retry: false });
  const workflows = useApiQuery('workflows.list', {});
  const save = useApiMutation('alerts.channels.save', { meta: { inlineErrors: true } });
  const set = (key: string) => (event: { target: { value: string } }) => setFields({ ...fields, [key]: event.target.value });
  const invalid = (key: string) => (problem?.path === `config.${key}` || problem?.path?.startsWith(`config.${key}.`) ? true : undefined);
  const slack = connections.data?.filter((connection) => connection.pluginId === 'slack') ?? [];
  const logins = secrets.data?.filter((record) => record.kind === 'basic') ?? [];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(
      { id: channel?.id, name: name.trim() || CHANNEL_TYPES[type].label, config: configOf(type, fields, headers), notifyResolved },
      {
        onSuccess: (saved) => {
          showToast({ kind: 'success', title: `Channel “${saved.name}” saved`, detail: 'Use “Send test” to check it.' });
          onDone();
        },
        onError: (error) => setProblem({ message: error.message, path: error.path }),
      },
    );
  };

  const secretOptions = (records: typeof logins, empty: string) => (
    <>
      <option value="">{empty}</option>
      {records.map((record) => (
        <option key={record.id} value={record.name}>
          {record.name}
        </option>
      ))}
    </>
  );

  return (
    <form onSubmit={submit} noValidate data-testid="channel-form">
      {!channel && (
        <SegmentedChoice
          small
          label="Channel type"
          name="channel-type"
          choices={Object.entries(CHANNEL_TYPES).map(([value, { label }]) => ({ value: value as ChannelType, label }))}
          value={type}
          onChange={setType}
          testId={(value) => `channel-type-${value}`}
        />
      )}
      <p className="muted">{CHANNEL_TYPES[type].help}</p>
      <label className="field">
        <span>Name</span>
        <input className="form-control" value={name} placeholder={CHANNEL_TYPES[type].label} onChange={(event) => setName(event.target.value)} aria-invalid={problem?.path === 'name' || undefined} data-testid="channel-name" />
      </label>
      {type === 'slack' && (
        <div className="field-grid">
          <label className="field">
            <span>Slack connection</span>
            <select className="form-control" value={fields.connectionId ?? ''} onChange={set('connectionId')} aria-invalid={invalid('connectionId')} data-testid="channel-slack-connection">
              <option value="">Choose…</option>
              {slack.map((connection) => (
                <option key={connection.id} value={connection.id}>
                  {connection.name}
                </option>
              ))}
            </select>
            {slack.length === 0 && <small className="muted">Make a Slack connection on the Integrations page first.</small>}
          </label>
          <label className="field">
            <span>Channel</span>
            <input className="form-control" value={fields.channel ?? ''} placeholder="C0123… or #ops (empty: the incoming webhook)" onChange={set('channel')} data-testid="channel-slack-channel" />
          </label>
        </div>
      )}
      {type === 'email' && (
        <div className="field-grid">
          <label className="field">
            <span>SMTP server</span>
            <input className="form-control" value={fields.host ?? ''} placeholder="smtp.example.com" onChange={set('host')} aria-invalid={invalid('host')} data-testid="channel-email-host" />
          </label>
          <label className="field">
            <span>Port and security</span>
            <span className="field-row">
              <input className="form-control" type="number" value={fields.port ?? '587'} onChange={set('port')} aria-invalid={invalid('port')} data-testid="channel-email-port" />
              <select className="form-control" value={fields.security ?? 'starttls'} onChange={set('security')} data-testid="channel-email-security">
                <option value="starttls">STARTTLS (587)</option>
                <option value="tls">TLS (465)</option>
                <option value="none">None (trusted network only)</option>
              </select>
            </span>
          </label>
          <label className="field">
            <span>From</span>
            <input className="form-control" value={fields.from ?? ''} placeholder="echelon@example.com" onChange={set('from')} aria-invalid={invalid('from')} data-testid="channel-email-from" />
          </label>
          <label className="field">
            <span>To (comma-separated)</span>
            <input className="form-control" value={fields.to ?? ''} placeholder="oncall@example.com" onChange={set('to')} aria-invalid={invalid('to')} data-testid="channel-email-to" />
          </label>
          <label className="field">
            <span>Login (vault record, username + password)</span>
            <select className="form-control" value={fields.loginSecret ?? ''} onChange={set('loginSecret')} data-testid="channel-email-login">
              {secretOptions(logins, 'No login')}
            </select>
          </label>
        </div>
      )}
      {type === 'webhook' && (
        <>
          <div className="field-grid">
            <label className="field">
              <span>URL</span>
              <input className="form-control" value={fields.url ?? ''} placeholder="https://hooks.example.com/echelon" onChange={set('url')} aria-invalid={invalid('url')} data-testid="channel-webhook-url" />
            </label>
            <label className="field">
              <span>Signing secret (vault record)</span>
              <select className="form-control" value={fields.signingSecret ?? ''} onChange={set('signingSecret')} aria-invalid={invalid('signingSecret')} data-testid="channel-webhook-secret">
                {secretOptions(secrets.data ?? [], 'Choose…')}
              </select>
              <small className="muted">
                Each POST carries <code>X-Echelon-Signature: sha256=HMAC(secret, timestamp + "." + body)</code> and <code>X-Echelon-Timestamp</code>.
              </small>
            </label>
          </div>
          <div className="field">
            <span>Extra headers (values may use {'{{ secrets.NAME }}'})</span>
            <div className="kv-rows">
              {headers.map(([key, value], index) => (
                <div className="kv-row" key={index}>
                  <input className="form-control mono" value={key} placeholder="Authorization" onChange={(event) => setHeaders(headers.map((pair, at) => (at === index ? [event.target.value, pair[1]] : pair)))} aria-label="Header name" />
                  <input className="form-control mono" value={value} placeholder="Bearer {{ secrets.HOOK_TOKEN }}" onChange={(event) => setHeaders(headers.map((pair, at) => (at === index ? [pair[0], event.target.value] : pair)))} aria-label="Header value" />
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
        </>
      )}
      {type === 'workflow' && (
        <label className="field">
          <span>Workflow</span>
          <select className="form-control" value={fields.workflowId ?? ''} onChange={set('workflowId')} aria-invalid={invalid('workflowId')} data-testid="channel-workflow">
            <option value="">Choose…</option>
            {workflows.data?.map((workflow) => (
              <option key={workflow.id} value={workflow.id}>
                {workflow.name}
                {workflow.triggers.includes('alert-trigger.trigger') ? '' : ' (no Alert trigger yet)'}
              </option>
            ))}
          </select>
          <small className="muted">It starts from its Alert trigger, whose output is {'{ event, alert }'}.</small>
        </label>
      )}
      <label className="field-inline">
        <input type="checkbox" checked={notifyResolved} onChange={(event) => setNotifyResolved(event.target.checked)} data-testid="channel-notify-resolved" /> Also tell it when an alert resolves
      </label>
      {problem && (
        <p className="form-error" role="alert" data-testid="channel-error">
          {problem.message}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="button primary" disabled={save.isPending} data-testid="channel-save">
          Save channel
        </button>
      </div>
    </form>
  );
}

import { Pencil, Plus, Send, Trash2 } from 'lucide-react';
import { useState } from 'react';
import type { AlertChannel } from '../../../shared/contract';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { formatRelative } from '../components/format';
import { showToast } from '../components/toasts';
import { ChannelDialog } from './channel-dialog';
import { CHANNEL_TYPES, channelSummary } from './channel-types';

function ChannelCard({ channel, onEdit }: { channel: AlertChannel; onEdit: () => void }) {
  const connections = useApiQuery('integrations.connections.list', {});
  const workflows = useApiQuery('workflows.list', {});
  const test = useApiMutation('alerts.channels.test');
  const remove = useApiMutation('alerts.channels.delete');
  const { icon: Icon, label } = CHANNEL_TYPES[channel.config.type];
  const last = channel.lastDelivery;
  const summary = channelSummary(channel, {
    connection: (id) => connections.data?.find((connection) => connection.id === id)?.name,
    workflow: (id) => workflows.data?.find((workflow) => workflow.id === id)?.name,
  });

  const sendTest = () =>
    test.mutate(
      { id: channel.id },
      {
        onSuccess: (result) =>
          showToast(result.ok ? { kind: 'success', title: `Test sent to “${channel.name}”`, detail: `Delivered in ${result.durationMs} ms.` } : { kind: 'error', title: `“${channel.name}” did not get the test`, detail: result.error ?? undefined }),
      },
    );
  const destroy = () => {
    if (!confirm(`Delete the channel “${channel.name}”? Rules that send to it stop doing so.`)) return;
    remove.mutate({ id: channel.id });
  };

  return (
    <article className="card channel" data-testid={`channel-${channel.name}`}>
      <div className="channel-head">
        <span className="channel-icon" aria-hidden>
          <Icon size={17} />
        </span>
        <h3 title={channel.name}>{channel.name}</h3>
        <span className="tag">{label}</span>
      </div>
      <span className="muted small truncate" title={summary}>
        {summary}
      </span>
      <span className="small" data-testid="channel-last">
        {last ? (
          <>
            <span className={last.ok ? 'ok-text' : 'danger-text'}>{last.ok ? 'Delivered' : 'Failed'}</span> <span className="muted">· {last.event} · {formatRelative(last.at)}</span>
            {!last.ok && last.error && <span className="danger-text"> · {last.error}</span>}
          </>
        ) : (
          <span className="muted">Nothing sent yet</span>
        )}
      </span>
      <div className="channel-foot">
        <button type="button" className="button small" onClick={sendTest} disabled={test.isPending} data-testid="channel-test">
          <Send size={14} aria-hidden /> {test.isPending ? 'Sending…' : 'Send test'}
        </button>
        <span className="spacer" />
        <button type="button" className="icon-button" title="Edit" aria-label={`Edit ${channel.name}`} onClick={onEdit} data-testid="channel-edit">
          <Pencil size={15} />
        </button>
        <button type="button" className="icon-button" title="Delete" aria-label={`Delete ${channel.name}`} onClick={destroy} data-testid="channel-delete">
          <Trash2 size={15} />
        </button>
      </div>
    </article>
  );
}

/** Where alerts go besides the inbox, each with a test button and how its last delivery went. */
export function ChannelsPanel() {
  const channels = useApiQuery('alerts.channels.list', {});
  const [target, setTarget] = useState<{ channel?: AlertChannel }>();
  return (
    <section data-testid="alerts-channels">
      <div className="card-toolbar">
        <p className="muted">The inbox gets every alert. Rules choose which of these channels are told as well.</p>
        <button type="button" className="button primary" onClick={() => setTarget({})} data-testid="new-channel">
          <Plus size={15} aria-hidden /> New channel
        </button>
      </div>
      <div className="channel-list">
        {channels.data?.map((channel) => (
          <ChannelCard key={channel.id} channel={channel} onEdit={() => setTarget({ channel })} />
        ))}
      </div>
      {channels.data?.length === 0 && <p className="muted">No channel yet: alerts only reach the inbox.</p>}
      <ChannelDialog target={target} onClose={() => setTarget(undefined)} />
    </section>
  );
}

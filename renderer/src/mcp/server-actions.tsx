import { Play, RotateCw, Square } from 'lucide-react';
import type { ServerSummary } from '../../../shared/contract';
import { useApiMutation } from '../api/hooks';
import { showToast } from '../components/toasts';

type Verb = 'start' | 'stop' | 'restart';

/** Start, stop and restart, each reporting failure (with the server's own reason) as a toast. */
export function ServerActions({ server, compact = false }: { server: ServerSummary; compact?: boolean }) {
  const start = useApiMutation('mcp.servers.start');
  const stop = useApiMutation('mcp.servers.stop');
  const restart = useApiMutation('mcp.servers.restart');
  const mutations = { start, stop, restart };
  const busy = start.isPending || stop.isPending || restart.isPending;
  const status = server.runtime.status;
  const live = status === 'running' || status === 'degraded' || status === 'starting' || status === 'backoff';

  const run = (verb: Verb) =>
    mutations[verb].mutate(
      { name: server.name },
      {
        onSuccess: (next) => showToast({ kind: 'success', title: `${next.name}: ${next.runtime.status}` }),
        onError: (error) => showToast({ kind: 'error', title: `Could not ${verb} ${server.name}`, detail: error.message }),
      },
    );

  const button = (verb: Verb, label: string, Icon: typeof Play, primary = false) => (
    <button
      type="button"
      className={compact ? 'icon-button' : `button${primary ? ' primary' : ''}`}
      disabled={busy || (verb === 'start' && !server.enabled)}
      onClick={(event) => {
        event.stopPropagation();
        run(verb);
      }}
      aria-label={`${label} ${server.name}`}
      title={`${label} ${server.name}`}
      data-testid={`server-${verb}`}
    >
      <Icon size={compact ? 15 : 14} aria-hidden />
      {!compact && label}
    </button>
  );

  return (
    <div className="server-actions">
      {live ? button('stop', 'Stop', Square) : button('start', 'Start', Play, true)}
      {(live || status === 'crashed') && button('restart', 'Restart', RotateCw)}
    </div>
  );
}

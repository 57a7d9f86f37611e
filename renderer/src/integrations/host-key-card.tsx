import { RefreshCw } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import type { Connection, HostKeyHop } from '../../../shared/contract';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { HostKeyDialog } from './host-key-dialog';

const STATUS: Record<HostKeyHop['status'], { label: string; className: string }> = {
  trusted: { label: 'Trusted', className: 'status-connected' },
  unknown: { label: 'Not trusted yet', className: 'status-configuring' },
  changed: { label: 'CHANGED', className: 'status-error' },
};

/**
 * The host keys on the way to an SSH connection's server (jump hosts first): which are
 * trusted, and the dialog to check one that is not. A key seen for the first time opens the
 * dialog by itself, once: that is the moment to confirm it.
 */
export function HostKeyCard({ connection }: { connection: Connection }) {
  const scan = useApiQuery('ssh.hostKeys.scan', { connectionId: connection.id }, { retry: false, refetchOnWindowFocus: false });
  const forget = useApiMutation('ssh.hostKeys.forget');
  const [reviewing, setReviewing] = useState<HostKeyHop | null>(null);
  const offered = useRef(false);
  const pending = scan.data?.hops.find((hop) => hop.status !== 'trusted');
  const { refetch } = scan;

  useEffect(() => {
    if (pending?.status !== 'unknown' || offered.current) return;
    offered.current = true;
    setReviewing(pending);
  }, [pending]);

  // An edit may have changed the host or the jump host: ask again.
  const version = useRef(connection.updatedAt);
  useEffect(() => {
    if (version.current === connection.updatedAt) return;
    version.current = connection.updatedAt;
    void refetch();
  }, [connection.updatedAt, refetch]);

  return (
    <section className="card" data-testid="host-key-card">
      <div className="card-toolbar">
        <h3 className="card-title">Host keys</h3>
        <button type="button" className="button" disabled={scan.isFetching} onClick={() => void scan.refetch()} data-testid="host-key-check">
          <RefreshCw size={15} aria-hidden className={scan.isFetching ? 'spin' : undefined} /> Check again
        </button>
      </div>
      {scan.isPending && <p className="muted">Asking the server for its host key…</p>}
      {scan.isError && (
        <p className="form-error" data-testid="host-key-scan-error">
          {scan.error.message}
        </p>
      )}
      {scan.data && (
        <ul className="host-key-hops">
          {scan.data.hops.map((hop) => (
            <li key={`${hop.host}:${hop.port}`} className="host-key-hop" data-testid="host-key-hop">
              <span>
                <strong>{hop.connection}</strong>
                <br />
                <span className="muted mono">
                  {hop.host}:{hop.port}
                </span>
              </span>
              <span>
                <code className="fingerprint">{hop.fingerprint}</code> <span className="muted">{hop.keyLabel}</span>
              </span>
              <span className={`status-badge ${STATUS[hop.status].className}`} data-testid="host-key-status" data-status={hop.status}>
                <span className="dot" aria-hidden />
                {STATUS[hop.status].label}
              </span>
              {hop.status === 'trusted' ? (
                <button
                  type="button"
                  className="button"
                  disabled={forget.isPending}
                  onClick={() => {
                    if (window.confirm(`Forget the host key of ${hop.host}:${hop.port}? The next connection asks you to confirm it again.`)) forget.mutate({ host: hop.host, port: hop.port });
                  }}
                >
                  Forget
                </button>
              ) : (
                <button type="button" className={hop.status === 'changed' ? 'button danger' : 'button primary'} onClick={() => setReviewing(hop)} data-testid="host-key-review">
                  Review
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {reviewing && <HostKeyDialog connectionId={connection.id} connectionName={connection.name} hop={reviewing} onClose={() => setReviewing(null)} />}
    </section>
  );
}

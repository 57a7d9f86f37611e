import { ShieldAlert, ShieldCheck } from 'lucide-react';
import { useState } from 'react';
import type { HostKeyHop } from '../../../shared/contract';
import { useApiMutation } from '../api/hooks';
import { CommandLine, CopyButton } from '../components/code';
import { Modal } from '../components/modal';
import { showToast } from '../components/toasts';
import './host-key.css';

/** The file whose fingerprint the server's administrator compares: `ssh-keygen -lf` prints it. */
function serverKeyFile(keyType: string): string {
  const kind = keyType === 'ssh-ed25519' ? 'ed25519' : keyType.startsWith('ecdsa-') ? 'ecdsa' : keyType === 'ssh-rsa' ? 'rsa' : '*';
  return `/etc/ssh/ssh_host_${kind}_key.pub`;
}

/**
 * Trust on first use, with a person in the loop: the fingerprint the server presents, how to
 * check it on the server, and a button that trusts exactly that key. A changed key is shown as
 * the alarm it is, and replaced only after the person says they checked it.
 */
export function HostKeyDialog({ connectionId, connectionName, hop, onClose }: { connectionId: string; connectionName: string; hop: HostKeyHop; onClose: () => void }) {
  const trust = useApiMutation('ssh.hostKeys.trust', { meta: { inlineErrors: true } });
  const test = useApiMutation('integrations.connections.test');
  const [confirmed, setConfirmed] = useState(false);
  const changed = hop.status === 'changed';
  const address = `${hop.host}:${hop.port}`;
  const jump = hop.connection !== connectionName;

  const accept = async () => {
    await trust.mutateAsync({ connectionId, fingerprint: hop.fingerprint, replace: changed });
    onClose();
    const result = await test.mutateAsync({ id: connectionId });
    showToast(
      result.ok
        ? { kind: 'success', title: `${connectionName} is connected`, detail: `Host key trusted; answered in ${Math.round(result.responseMs)} ms.` }
        : { kind: 'error', title: 'Host key trusted, but the test failed', detail: result.error ?? undefined },
    );
  };

  return (
    <Modal open onClose={onClose} title={changed ? `The host key of ${address} has changed` : `Check the host key of ${address}`} testId="host-key-dialog" wide>
      <div className="host-key" data-status={hop.status}>
        {changed ? (
          <div className="callout callout-error" role="alert">
            <strong>
              <ShieldAlert size={15} aria-hidden /> Echelon refused to connect.
            </strong>
            <p>
              The server presents another key than the one you trusted. Someone may be intercepting the connection, or the server was reinstalled. Replace the key only once its
              administrator confirmed the new fingerprint.
            </p>
          </div>
        ) : (
          <p className="muted">
            <ShieldCheck size={15} aria-hidden /> Echelon has not connected to {jump ? `the jump host "${hop.connection}"` : 'this server'} before. Before it logs in, make sure the key below is
            the server&apos;s own: whoever answers with another key could read everything sent.
          </p>
        )}
        <dl className="facts">
          <dt>Server</dt>
          <dd className="mono">{address}</dd>
          <dt>{changed ? 'Presented now' : 'Fingerprint'}</dt>
          <dd className="fingerprint-row">
            <code className="fingerprint" data-testid="host-key-fingerprint">
              {hop.fingerprint}
            </code>
            <CopyButton text={hop.fingerprint} label="Copy the fingerprint" />
            <span className="muted">{hop.keyLabel}</span>
          </dd>
          {hop.previous.map((key) => (
            <div key={key.fingerprint} className="facts-row">
              <dt>Trusted before</dt>
              <dd>
                <code className="fingerprint old">{key.fingerprint}</code> <span className="muted">since {key.addedAt.slice(0, 10)}</span>
              </dd>
            </div>
          ))}
        </dl>
        <p>On the server, this prints its fingerprint; both must match exactly:</p>
        <CommandLine>{`ssh-keygen -lf ${serverKeyFile(hop.keyType)}`}</CommandLine>
        {changed && (
          <label className="checkbox">
            <input type="checkbox" checked={confirmed} onChange={(event) => setConfirmed(event.target.checked)} data-testid="host-key-confirm" /> The server&apos;s administrator confirmed the new
            fingerprint
          </label>
        )}
        {trust.error && (
          <p className="form-error" role="alert" data-testid="host-key-error">
            {trust.error.message}
          </p>
        )}
      </div>
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose} data-testid="host-key-cancel">
          Cancel
        </button>
        <button type="button" className={changed ? 'button danger' : 'button primary'} disabled={trust.isPending || (changed && !confirmed)} onClick={() => void accept().catch(() => {})} data-testid="host-key-trust">
          {trust.isPending ? 'Checking…' : changed ? 'Replace the trusted key' : 'Trust and connect'}
        </button>
      </div>
    </Modal>
  );
}

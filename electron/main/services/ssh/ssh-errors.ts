import { EchelonError } from '../../../../shared/contract/errors';
import { keyTypeLabel } from './host-key';
import type { HostKeyCheck } from './known-hosts';
import type { PrivateKeyInfo } from './private-key';

interface Target {
  name: string;
  host: string;
  port: number;
  connectTimeoutMs: number;
}

const where = (target: Pick<Target, 'host' | 'port'>) => `${target.host}:${target.port}`;

/** A host key the store does not trust: unknown (asks for confirmation) or changed (refused loudly). */
export function hostKeyRefusal(check: HostKeyCheck, connectionName: string): EchelonError {
  const presented = `${keyTypeLabel(check.presented.type)} key ${check.presented.fingerprint}`;
  if (check.status === 'unknown') {
    return new EchelonError(
      'forbidden',
      `The host key of ${where(check)} is not trusted yet: the server presents the ${presented}. ` +
        `Compare it with the server's own (\`ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub\` on the server), then trust it on the connection's page, ` +
        `or run \`echelon integrations test "${connectionName}" --accept-host-key ${check.presented.fingerprint}\`.`,
    );
  }
  const previous = check.trusted.map((key) => `${keyTypeLabel(key.keyType)} key ${key.fingerprint} (trusted ${key.addedAt.slice(0, 10)})`).join(', ');
  return new EchelonError(
    'forbidden',
    `REFUSED: the host key of ${where(check)} has CHANGED. It now presents the ${presented}, but the ${previous} was trusted. ` +
      'Someone may be intercepting the connection, or the server was reinstalled; Echelon did not log in. ' +
      `If the change is expected, confirm the new fingerprint with the server's administrator, then replace the key on the connection's page ` +
      `(or \`echelon integrations host-keys forget ${where(check)}\` and test again with --accept-host-key).`,
  );
}

/** Why connecting or logging in failed, in words that say what to check. */
export function connectFailure(error: Error & { level?: string; code?: unknown }, target: Target, login?: { username: string; key?: PrivateKeyInfo }): EchelonError {
  const at = where(target);
  if (error instanceof EchelonError) return error;
  if (error.level === 'client-authentication' && login) {
    if (login.key) {
      return new EchelonError(
        'forbidden',
        `${at} refused the SSH key of "${target.name}" for the user "${login.username}" (${login.key.label} ${login.key.fingerprint}): ` +
          `add its public key to ~/.ssh/authorized_keys of ${login.username} on the server, or choose the key that is there.`,
      );
    }
    return new EchelonError('forbidden', `${at} refused the password of the user "${login.username}" (connection "${target.name}"): check the username and password, and that the server allows password logins.`);
  }
  if (error.level === 'client-timeout') {
    return new EchelonError('timeout', `No SSH handshake with ${at} within ${Math.round(target.connectTimeoutMs / 1000)} s: check that the host is reachable and runs an SSH server, or raise the connect timeout of "${target.name}".`);
  }
  switch (error.code) {
    case 'ECONNREFUSED':
      return new EchelonError('unavailable', `Nothing accepts connections at ${at} (connection refused): check the host and port of "${target.name}", and that the SSH server runs.`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new EchelonError('unavailable', `The host name "${target.host}" does not resolve: check its spelling in "${target.name}", or your network.`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ETIMEDOUT':
      return new EchelonError('unavailable', `${at} cannot be reached (${String(error.code)}): check the network, a VPN or a firewall between here and the server.`);
  }
  if (error.level === 'handshake' || error.level === 'protocol') return new EchelonError('unavailable', `The SSH handshake with ${at} failed: ${error.message}.`);
  return new EchelonError('unavailable', `The SSH connection to ${at} failed: ${error.message}.`);
}

import type { Handlers } from '../../../../shared/rpc/router';
import type { SshService } from './ssh-service';

type SshMethods = Extract<keyof Handlers, `ssh.${string}`>;

export function sshHandlers(ssh: SshService): Pick<Handlers, SshMethods> {
  return {
    'ssh.hostKeys.scan': ({ connectionId }, ctx) => ssh.scan(connectionId, ctx.signal),
    // Whoever calls through the router confirmed the fingerprint in a dialog or on the command line.
    'ssh.hostKeys.trust': ({ connectionId, fingerprint, replace }, ctx) => ssh.trust(connectionId, fingerprint, { replace, by: ctx.caller === 'cli' ? 'cli' : 'ui', signal: ctx.signal }),
    'ssh.hostKeys.list': () => ssh.knownHosts.list(),
    'ssh.hostKeys.forget': ({ host, port }) => ({ removed: ssh.forget(host, port) }),
  };
}

import type { EventName, EventPayload, MethodInput, MethodName, MethodOutput, Result } from '../../shared/contract';
import type { Host } from '../main/services/host';
import type { CliContext } from './cli-context';
import { RemoteHost, toError } from './remote-host';
import { readDiscovery, type ServeDiscovery } from '../main/serve/discovery';

/**
 * What a CLI command talks to: the running `echelon serve` of its data dir when there is one
 * (so servers it supervises are shared, and every call lands in its journal), else a host
 * created in this process for the command's duration. Same contract either way.
 */
export interface HostClient {
  /** A running serve answers; otherwise this process holds the host. */
  readonly remote: boolean;
  readonly discovery?: ServeDiscovery;
  /** The in-process host, when not remote. */
  readonly host?: Host;
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  close(): Promise<void>;
}

function unwrap<M extends MethodName>(result: Result<unknown>): MethodOutput<M> {
  if (!result.ok) throw toError(result);
  return result.data as MethodOutput<M>;
}

export function inProcessClient(host: Host): HostClient {
  return {
    remote: false,
    host,
    call: async <M extends MethodName>(method: M, input: MethodInput<M>) => unwrap<M>(await host.router.call(method, input, { caller: 'cli' })),
    on: (event, listener) => {
      const subscription = host.bus.on(event, listener);
      return () => void subscription.dispose();
    },
    close: () => host.dispose(),
  };
}

export function remoteClient(remote: RemoteHost, discovery: ServeDiscovery): HostClient {
  return {
    remote: true,
    discovery,
    call: async <M extends MethodName>(method: M, input: MethodInput<M>) => unwrap<M>(await remote.invoke(method, input)),
    on: (event, listener) => remote.on(event, listener as (payload: unknown) => void),
    close: () => remote.close(),
  };
}

/** Connects to the running serve of the data dir, or opens a host here when none answers. */
export async function openHostClient(ctx: CliContext): Promise<HostClient> {
  const discovery = readDiscovery(ctx.dataDir);
  if (discovery) {
    try {
      return remoteClient(await RemoteHost.connect(discovery.port, discovery.token), discovery);
    } catch {
      // Alive but not answering (or the pid was reused): work in-process instead.
    }
  }
  return inProcessClient(await ctx.openHostWithVault());
}

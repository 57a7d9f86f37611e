import type { EventName, EventPayload, MethodInput, MethodName, MethodOutput, Result } from '../../shared/contract';
import type { Host } from '../main/services/host';
import type { CliContext } from './cli-context';
import { RemoteHost, toError } from './remote-host';
import { readDiscovery, type ServeDiscovery } from '../main/serve/discovery';
import { unlockVault, type VaultNeed } from './vault-unlock';

/**
 * What a CLI command talks to: the running Echelon of its data dir when there is one (the
 * desktop app or `echelon serve`, found through `serve.json`), so the work happens in its
 * engine, with its servers and lands in its journal; else a host created in this process for
 * the command's duration, which stops every server it started when the command ends. Same
 * contract either way: commands (workflows, executions, MCP, integrations, agents) call methods
 * and listen to events and never need to know which it is.
 */
export interface HostClient {
  /** A running Echelon answers; otherwise this process holds the host. */
  readonly remote: boolean;
  readonly discovery?: ServeDiscovery;
  /** The in-process host, when not remote. */
  readonly host?: Host;
  /** Where the work runs, for messages: "the Echelon already running on this data dir (pid 123)" or "this command". */
  readonly where: string;
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  close(): Promise<void>;
}

/** What a command needs when no Echelon is running and it must do the work itself. */
export interface HostNeeds {
  /** Start this process's workflow engine (no schedules, webhooks or recovery: only the runs it is asked for). */
  engine?: boolean;
  /** Unlock the vault for the secrets the work may use (see `unlockVault`). */
  vault?: VaultNeed;
}

function unwrap<M extends MethodName>(result: Result<unknown>): MethodOutput<M> {
  if (!result.ok) throw toError(result);
  return result.data as MethodOutput<M>;
}

export function inProcessClient(host: Host): HostClient {
  // Awaiting the host (a delay step, a server's answer) must keep Node alive: its timers are unref'd.
  const keepAlive = setInterval(() => {}, 2 ** 30);
  return {
    remote: false,
    host,
    where: 'this command',
    call: async <M extends MethodName>(method: M, input: MethodInput<M>) => unwrap<M>(await host.router.call(method, input, { caller: 'cli' })),
    on: (event, listener) => {
      const subscription = host.bus.on(event, listener);
      return () => void subscription.dispose();
    },
    close: async () => {
      clearInterval(keepAlive);
      await host.dispose();
    },
  };
}

export function remoteClient(remote: RemoteHost, discovery: ServeDiscovery): HostClient {
  return {
    remote: true,
    discovery,
    where: `the Echelon already running on this data dir (pid ${discovery.pid})`,
    call: async <M extends MethodName>(method: M, input: MethodInput<M>) => unwrap<M>(await remote.invoke(method, input)),
    on: (event, listener) => remote.on(event, listener as (payload: unknown) => void),
    close: () => remote.close(),
  };
}

async function connectRunning(ctx: CliContext): Promise<HostClient | undefined> {
  const discovery = readDiscovery(ctx.dataDir);
  if (!discovery) return undefined;
  try {
    return remoteClient(await RemoteHost.connect(discovery.port, discovery.token), discovery);
  } catch {
    // Alive but not answering (or the pid was reused): work in-process instead.
    return undefined;
  }
}

async function openLocal(ctx: CliContext, needs: HostNeeds): Promise<HostClient> {
  const host = await ctx.openHost();
  if (needs.engine) {
    try {
      await host.engine.start({ owner: 'cli', recover: false, schedules: false, webhookPort: false, retention: false });
    } catch (error) {
      await host.dispose();
      throw error;
    }
  }
  return inProcessClient(host);
}

/** Connects to the running Echelon of the data dir, or opens a host here with what `needs` asks for. */
export async function openHostClient(ctx: CliContext, needs: HostNeeds = {}): Promise<HostClient> {
  const client = (await connectRunning(ctx)) ?? (await openLocal(ctx, needs));
  if (needs.vault) {
    try {
      await unlockVault(client, ctx, needs.vault);
    } catch (error) {
      await client.close();
      throw error;
    }
  }
  return client;
}

/** Runs `work` with a client (see `openHostClient`) and closes it whatever happens. */
export async function withHostClient<T>(ctx: CliContext, needs: HostNeeds, work: (client: HostClient) => Promise<T>): Promise<T> {
  const client = await openHostClient(ctx, needs);
  try {
    return await work(client);
  } finally {
    await client.close();
  }
}

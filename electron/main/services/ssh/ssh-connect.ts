import type { Duplex } from 'node:stream';
import type { Client, ConnectConfig } from 'ssh2';
import { EchelonError } from '../../../../shared/contract/errors';
import { algorithmsFor, describeHostKey, type HostKey } from './host-key';
import type { HostKeyCheck, KnownHosts } from './known-hosts';
import { parsePrivateKey } from './private-key';
import { connectFailure, hostKeyRefusal } from './ssh-errors';
import { ssh2 } from './ssh2-module';
import type { SshEndpoint, SshRoute } from './ssh-endpoint';

/** An authenticated SSH connection, through its jump hosts; closing it closes them too. */
export interface SshLink {
  readonly client: Client;
  readonly endpoint: SshEndpoint;
  readonly closed: boolean;
  onClose(listener: () => void): void;
  close(): void;
}

interface Hop {
  name: string;
  host: string;
  port: number;
  connectTimeoutMs: number;
}

/** Settles once: the first of ready, error, close or abort wins. */
function handshake<T>(client: Client, config: ConnectConfig, signal: AbortSignal | undefined, settle: { ready(): T | Error; error(error: Error & { level?: string }): Error | T }): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const done = (finish: () => void) => {
      signal?.removeEventListener('abort', abort);
      client.off('ready', onReady).off('error', onError).off('close', onClose);
      finish();
    };
    const abort = () => {
      client.end();
      done(() => reject(new EchelonError('cancelled', `The SSH connection to ${config.host ?? 'the server'} was cancelled.`)));
    };
    const finish = (outcome: T | Error) => done(() => (outcome instanceof Error ? reject(outcome) : resolve(outcome)));
    const onReady = () => finish(settle.ready());
    const onError = (error: Error & { level?: string }) => {
      client.end();
      finish(settle.error(error));
    };
    const onClose = () => done(() => reject(new Error('The server closed the connection during the SSH handshake.')));
    if (signal?.aborted) return abort();
    signal?.addEventListener('abort', abort, { once: true });
    // A late error (the socket failing after a refusal) must not go unheard and crash the process.
    client.on('error', () => {});
    client.once('ready', onReady).once('error', onError).once('close', onClose);
    try {
      client.connect(config);
    } catch (error) {
      onError(error as Error);
    }
  });
}

function baseConfig(hop: Hop, sock: Duplex | undefined): ConnectConfig {
  return { host: hop.host, port: hop.port, sock, readyTimeout: hop.connectTimeoutMs, agentForward: false };
}

/**
 * The key a server presents, without logging in: the handshake stops at host-key
 * verification, so nothing is sent to a server not yet trusted.
 */
export function presentedKey(hop: Hop, sock: Duplex | undefined, signal?: AbortSignal): Promise<HostKey> {
  let presented: HostKey | undefined;
  const client = new (ssh2().Client)();
  return handshake<HostKey>(client, { ...baseConfig(hop, sock), username: 'echelon', hostVerifier: (blob: Buffer) => ((presented = describeHostKey(blob)), false) }, signal, {
    ready: () => {
      client.end();
      return new Error('The server accepted a connection whose host key was refused.');
    },
    error: (error) => presented ?? connectFailure(error, hop),
  });
}

function forwardTo(client: Client, hop: Hop): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    client.forwardOut('127.0.0.1', 0, hop.host, hop.port, (error, stream) => {
      if (error) reject(new EchelonError('unavailable', `The jump host could not reach ${hop.host}:${hop.port} (${error.message}): check the host and port of "${hop.name}" as seen from the jump host.`));
      else resolve(stream);
    });
  });
}

async function login(endpoint: SshEndpoint, sock: Duplex | undefined, knownHosts: KnownHosts, signal?: AbortSignal): Promise<Client> {
  const credential = endpoint.credential;
  const key = credential.kind === 'key' ? parsePrivateKey(credential.privateKey, credential.passphrase, `the connection "${endpoint.name}"`) : undefined;
  const preferred = knownHosts.keysOf(endpoint.host, endpoint.port).flatMap((known) => algorithmsFor(known.keyType));
  let check: HostKeyCheck | undefined;
  const client = new (ssh2().Client)();
  const config: ConnectConfig = {
    ...baseConfig(endpoint, sock),
    username: endpoint.username,
    ...(credential.kind === 'key' ? { privateKey: credential.privateKey, passphrase: credential.passphrase } : { password: credential.password }),
    authHandler: credential.kind === 'key' ? ['publickey'] : ['password'],
    keepaliveInterval: endpoint.keepaliveIntervalMs,
    keepaliveCountMax: endpoint.keepaliveCountMax,
    hostVerifier: (blob: Buffer) => {
      check = knownHosts.check(endpoint.host, endpoint.port, describeHostKey(blob));
      if (check.status === 'trusted') knownHosts.seen(check);
      return check.status === 'trusted';
    },
    ...(preferred.length > 0 ? { algorithms: { serverHostKey: { remove: preferred, prepend: preferred } as never } } : {}),
  };
  return handshake<Client>(client, config, signal, {
    ready: () => client,
    error: (error) => (check && check.status !== 'trusted' ? hostKeyRefusal(check, endpoint.name) : connectFailure(error, endpoint, { username: endpoint.username, key })),
  });
}

/** The hops to a server, first jump host first. */
function hopsTo<T extends { jump?: T }>(server: T): T[] {
  const hops: T[] = [];
  for (let hop: T | undefined = server; hop; hop = hop.jump) hops.unshift(hop);
  return hops;
}

/** Connects and logs in through the endpoint's jump hosts; every hop's host key must be trusted. */
export async function openLink(endpoint: SshEndpoint, knownHosts: KnownHosts, signal?: AbortSignal): Promise<SshLink> {
  const hops = hopsTo(endpoint);
  const clients: Client[] = [];
  const closeAll = () => [...clients].reverse().forEach((client) => client.end());
  try {
    for (const hop of hops) {
      const previous = clients.at(-1);
      const sock = previous ? await forwardTo(previous, hop) : undefined;
      clients.push(await login(hop, sock, knownHosts, signal));
    }
  } catch (error) {
    closeAll();
    throw error;
  }
  const client = clients.at(-1)!;
  let closed = false;
  const listeners: Array<() => void> = [];
  const onGone = () => {
    if (closed) return;
    closed = true;
    closeAll();
    listeners.splice(0).forEach((listener) => listener());
  };
  // Any hop going away takes the link with it; errors after the handshake end in `close`.
  for (const hop of clients) hop.on('close', onGone);
  return {
    client,
    endpoint,
    get closed() {
      return closed;
    },
    onClose: (listener) => (closed ? listener() : void listeners.push(listener)),
    close: onGone,
  };
}

/** What a scan found at one hop of a route. */
export interface HopScan {
  route: SshRoute;
  check: HostKeyCheck;
}

/**
 * Checks a route hop by hop, jump hosts first. Reaching a hop behind a jump host means logging
 * in to the jump host (`openThrough`), so the scan stops at the first hop not trusted.
 */
export async function scanRoute(route: SshRoute, knownHosts: KnownHosts, openThrough: (route: SshRoute) => Promise<SshLink>, signal?: AbortSignal): Promise<HopScan[]> {
  const hops = hopsTo(route);
  const scans: HopScan[] = [];
  for (const [index, hop] of hops.entries()) {
    const through = index > 0 ? await openThrough(hops[index - 1]!) : undefined;
    try {
      const sock = through ? await forwardTo(through.client, hop) : undefined;
      scans.push({ route: hop, check: knownHosts.check(hop.host, hop.port, await presentedKey(hop, sock, signal)) });
    } finally {
      through?.close();
    }
    if (scans.at(-1)!.check.status !== 'trusted') break;
  }
  return scans;
}

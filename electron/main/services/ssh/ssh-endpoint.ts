import { EchelonError, type Connection } from '../../../../shared/contract';
import { SshConnectionConfig } from '../../../../shared/integrations/ssh';
import type { ConnectionCredentials } from '../integrations/auth/connection-credentials';

export type SshCredential = { kind: 'key'; privateKey: string; passphrase?: string } | { kind: 'password'; password: string };

/** Everything needed to open one SSH hop, credentials read from the vault at the moment of use. */
export interface SshEndpoint {
  /** The connection's name, for messages. */
  name: string;
  connectionId: string;
  host: string;
  port: number;
  username: string;
  credential: SshCredential;
  connectTimeoutMs: number;
  keepaliveIntervalMs: number;
  keepaliveCountMax: number;
  /** The hop before this one (`ssh -J`). */
  jump?: SshEndpoint;
}

/** Where an endpoint's hops connect, without credentials: what host-key scans and pools key on. */
export interface SshRoute {
  name: string;
  connectionId: string;
  host: string;
  port: number;
  connectTimeoutMs: number;
  /** Changes when the connection or a jump connection is edited. */
  version: string;
  jump?: SshRoute;
}

export interface ConnectionLookup {
  find(id: string): Connection | undefined;
  idByName(name: string): string | undefined;
}

const MAX_JUMPS = 4;

/** Resolves SSH connections (and the jump connections they name) into endpoints. */
export class SshEndpoints {
  constructor(
    private readonly connections: ConnectionLookup,
    private readonly credentials: ConnectionCredentials,
  ) {}

  /** A connection by id or (case-insensitive) name. */
  find(reference: string): Connection {
    const connection = this.connections.find(reference) ?? this.connections.find(this.connections.idByName(reference) ?? '');
    if (!connection) throw new EchelonError('not_found', `No connection is named "${reference}": create an SSH connection on the Integrations page first.`, { path: 'connection' });
    return connection;
  }

  private config(connection: Connection): SshConnectionConfig {
    const parsed = SshConnectionConfig.safeParse(connection.config);
    if (!parsed.success) {
      throw new EchelonError('invalid_input', `Connection "${connection.name}" is not an SSH connection (${parsed.error.issues[0]?.message ?? 'no host'}): choose an SSH & SFTP connection.`, { path: 'connection' });
    }
    return parsed.data;
  }

  /** The route of a connection and its jump hosts; a loop of jump hosts is refused. */
  route(connection: Connection, through: readonly string[] = []): SshRoute {
    if (through.includes(connection.id) || through.length > MAX_JUMPS) {
      throw new EchelonError('invalid_input', `The jump hosts of "${connection.name}" go round in a loop or more than ${MAX_JUMPS} deep: fix its "Jump host" setting.`, { path: 'config.jumpConnection' });
    }
    const config = this.config(connection);
    const jump = config.jumpConnection ? this.route(this.find(config.jumpConnection), [...through, connection.id]) : undefined;
    return {
      name: connection.name,
      connectionId: connection.id,
      host: config.host,
      port: config.port,
      connectTimeoutMs: config.connectTimeoutSeconds * 1000,
      version: `${connection.updatedAt}${jump ? `>${jump.version}` : ''}`,
      jump,
    };
  }

  endpoint(connection: Connection, through: readonly string[] = []): SshEndpoint {
    const route = this.route(connection, through);
    const config = this.config(connection);
    return {
      name: connection.name,
      connectionId: connection.id,
      host: route.host,
      port: route.port,
      ...this.login(connection),
      connectTimeoutMs: route.connectTimeoutMs,
      keepaliveIntervalMs: config.keepaliveIntervalSeconds * 1000,
      keepaliveCountMax: config.keepaliveCountMax,
      jump: route.jump ? this.endpoint(this.find(route.jump.connectionId), [...through, connection.id]) : undefined,
    };
  }

  private login(connection: Connection): { username: string; credential: SshCredential } {
    const auth = connection.auth;
    let username: string | undefined;
    let credential: SshCredential;
    if (auth.type === 'ssh_key') {
      username = auth.username;
      credential = { kind: 'key', ...this.credentials.sshKey(connection, auth) };
    } else if (auth.type === 'basic') {
      const login = this.credentials.basic(connection, auth);
      username = login.username;
      credential = { kind: 'password', password: login.password };
    } else {
      throw new EchelonError('invalid_input', `Connection "${connection.name}" authenticates with ${auth.type}: SSH needs an SSH key or a username and password.`, { path: 'auth.type' });
    }
    if (!username) throw new EchelonError('invalid_input', `Set the username of the connection "${connection.name}": the account to log in as on ${String(connection.config.host)}.`, { path: 'auth.username' });
    return { username, credential };
  }
}

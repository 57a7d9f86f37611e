import { EchelonError, type Connection } from '../../../../../shared/contract';
import { vaultReference, type AuthSettings } from '../../../../../shared/integrations/connection-auth';
import type { SecretValue } from '../../../../../shared/secrets/secret-kinds';
import type { CredentialStore, SecretAccessor } from '../../secrets/secret-source';

type Auth<T extends AuthSettings['type']> = Extract<AuthSettings, { type: T }>;

export interface ClientCertificate {
  certificate: string;
  privateKey: string;
  passphrase?: string;
  ca?: string;
}

export interface JwtKey {
  privateKey: string;
  algorithm: string;
  keyId?: string;
  issuer?: string;
  subject?: string;
  audience?: string;
  expiresInSeconds: number;
}

/**
 * Reads a connection's credentials from the vault at the moment of use. A connection stores
 * only references; a record may be of the matching kind (a `basic` login, a `certificate`) or
 * a plain secret whose value is used as is.
 */
export class ConnectionCredentials {
  constructor(private readonly store: CredentialStore) {}

  private accessor(connection: Pick<Connection, 'id'>): SecretAccessor {
    return { kind: 'integration', id: connection.id };
  }

  private reference(value: string | undefined, what: string, connection: Pick<Connection, 'name'>) {
    const ref = vaultReference(value);
    if (!ref) throw new EchelonError('invalid_input', `Connection "${connection.name}" has no ${what}: edit the connection and set it.`, { path: `auth.${what}` });
    return ref;
  }

  /** One secret string: the record's primary field, or the field the reference names. */
  reveal(connection: Pick<Connection, 'id' | 'name'>, value: string | undefined, what: string): string {
    const ref = this.reference(value, what, connection);
    return this.store.reveal(ref.name, ref.field, this.accessor(connection));
  }

  /** A whole record, when the reference names no single field. */
  private record(connection: Pick<Connection, 'id' | 'name'>, value: string | undefined, what: string): SecretValue | undefined {
    const ref = this.reference(value, what, connection);
    return ref.field ? undefined : this.store.read(ref.name, this.accessor(connection));
  }

  basic(connection: Connection, auth: Auth<'basic'>): { username: string; password: string } {
    const record = this.record(connection, auth.password, 'password');
    if (record?.kind === 'basic') return { username: auth.username || record.username, password: record.password };
    return { username: auth.username ?? '', password: this.reveal(connection, auth.password, 'password') };
  }

  certificate(connection: Connection, auth: Auth<'mtls'>): ClientCertificate {
    const record = this.record(connection, auth.privateKey, 'privateKey');
    if (record?.kind === 'certificate') {
      return { certificate: auth.certificate || record.certificate, privateKey: record.privateKey, passphrase: record.passphrase, ca: auth.ca || record.ca };
    }
    if (!auth.certificate) {
      throw new EchelonError('invalid_input', `Connection "${connection.name}" has a private key but no client certificate: paste the certificate PEM.`, { path: 'auth.certificate' });
    }
    return {
      certificate: auth.certificate,
      privateKey: this.reveal(connection, auth.privateKey, 'privateKey'),
      passphrase: auth.passphrase ? this.reveal(connection, auth.passphrase, 'passphrase') : undefined,
      ca: auth.ca,
    };
  }

  jwtKey(connection: Connection, auth: Auth<'jwt'>): JwtKey {
    const record = this.record(connection, auth.privateKey, 'privateKey');
    const fromRecord = record?.kind === 'jwt_key' ? record : undefined;
    return {
      privateKey: fromRecord?.privateKey ?? this.reveal(connection, auth.privateKey, 'privateKey'),
      algorithm: auth.algorithm ?? fromRecord?.algorithm ?? 'RS256',
      keyId: auth.keyId || fromRecord?.keyId,
      issuer: auth.issuer || fromRecord?.issuer,
      subject: auth.subject || fromRecord?.subject,
      audience: auth.audience || fromRecord?.audience,
      expiresInSeconds: auth.expiresInSeconds ?? 300,
    };
  }

  /** An SSH private key: a vault `ssh_key` record (with its passphrase), or a key and a passphrase stored apart. */
  sshKey(connection: Connection, auth: Auth<'ssh_key'>): { privateKey: string; passphrase?: string } {
    const record = this.record(connection, auth.privateKey, 'privateKey');
    const passphrase = auth.passphrase ? this.reveal(connection, auth.passphrase, 'passphrase') : undefined;
    if (record?.kind === 'ssh_key') return { privateKey: record.privateKey, passphrase: passphrase ?? record.passphrase };
    return { privateKey: this.reveal(connection, auth.privateKey, 'privateKey'), passphrase };
  }

  /** The stored OAuth 2.0 token set, or undefined before the first authorization. */
  oauthTokens(connection: Connection, auth: Auth<'oauth2'>): Extract<SecretValue, { kind: 'oauth2' }> | undefined {
    const ref = vaultReference(auth.token);
    if (!ref || !this.store.exists(ref.name)) return undefined;
    const record = this.store.read(ref.name, this.accessor(connection));
    if (record.kind !== 'oauth2') {
      throw new EchelonError('invalid_input', `Vault record ${ref.name} is a ${record.kind} record, not an OAuth 2.0 token set: authorize the connection again.`);
    }
    return record;
  }

  writeOAuthTokens(connection: Connection, auth: Auth<'oauth2'>, tokens: Extract<SecretValue, { kind: 'oauth2' }>): void {
    const ref = this.reference(auth.token, 'token', connection);
    this.store.write(ref.name, tokens, { description: `OAuth 2.0 tokens of the connection "${connection.name}"`, tags: ['integration', connection.pluginId], usedBy: `integration:${connection.id}` });
  }

  /**
   * Which values of the vault a connection's credentials are: every record its auth refers to,
   * at its current version. It changes when any of them is written, here or in another process,
   * and is read without decrypting anything.
   */
  versions(connection: Connection): [name: string, version: number | undefined][] {
    return Object.values(connection.auth)
      .map((value) => (typeof value === 'string' ? vaultReference(value)?.name : undefined))
      .filter((name): name is string => name !== undefined)
      .map((name) => [name, this.store.version(name)]);
  }

  /** A connection secret slot (a Slack webhook URL). */
  slot(connection: Connection, slot: string): string {
    const value = connection.secrets[slot];
    if (!value) throw new EchelonError('invalid_input', `Connection "${connection.name}" has no "${slot}": edit the connection and set it.`, { path: `secrets.${slot}` });
    return this.reveal(connection, value, slot);
  }
}

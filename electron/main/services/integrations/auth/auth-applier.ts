import { createHash } from 'node:crypto';
import { EchelonError, type Connection } from '../../../../../shared/contract';
import type { AuthMethod } from '../../../../../shared/integrations/manifest';
import type { Redactor } from '../../redaction/redactor';
import type { TlsSettings } from '../http/tls-agents';
import type { ConnectionCredentials } from './connection-credentials';
import type { JwtSigner } from './jwt-signer';
import type { OAuth2Tokens } from './oauth2/oauth-tokens';

export interface AppliedAuth {
  url: URL;
  headers: Record<string, string>;
  /** The connection's TLS settings: its client certificate, the CAs it trusts. */
  tls?: TlsSettings;
  /** The bearer token sent, so a 401 can renew exactly that one. */
  bearer?: string;
  /** Headers this auth added: they must not follow a redirect to another origin. */
  sensitiveHeaders: string[];
}

/**
 * Puts a connection's credentials on a request: a header, a query parameter, a client
 * certificate. Values are read from the vault at each use and never kept beyond the request,
 * except what must be reused (a signed JWT until it nears expiry).
 */
export class AuthApplier {
  private readonly registered = new Map<string, string>();

  constructor(
    private readonly credentials: ConnectionCredentials,
    private readonly oauth: OAuth2Tokens,
    private readonly jwt: JwtSigner,
    private readonly redactor: Redactor,
  ) {}

  async apply(connection: Connection, method: AuthMethod | undefined, url: URL, headers: Record<string, string>, rejected?: string): Promise<AppliedAuth> {
    const out: AppliedAuth = { url: new URL(url), headers: { ...headers }, tls: this.trust(connection), sensitiveHeaders: [] };
    await this.add(connection, method, out, rejected);
    return out;
  }

  /**
   * Who a connection's requests speak as, without reading a secret: its auth settings and the
   * versions of the vault records they name. It changes when a credential is written.
   */
  identity(connection: Connection): string {
    return createHash('sha256')
      .update(JSON.stringify([connection.auth, this.credentials.versions(connection)]))
      .digest('base64url');
  }

  /** The CAs a connection trusts, without any credential: for a page fetched from another origin. */
  trust(connection: Connection): TlsSettings | undefined {
    // An SSH key signs SSH logins: such a connection makes no HTTPS calls to trust a CA for.
    const ca = connection.auth.type === 'ssh_key' ? undefined : connection.auth.ca;
    return ca ? { cas: [ca] } : undefined;
  }

  private async add(connection: Connection, method: AuthMethod | undefined, out: AppliedAuth, rejected: string | undefined): Promise<void> {
    const auth = connection.auth;
    const header = (name: string, value: string) => {
      out.headers[name] = value;
      out.sensitiveHeaders.push(name);
    };
    switch (auth.type) {
      case 'none':
        return;
      case 'api_key': {
        const key = this.credentials.reveal(connection, auth.key, 'key');
        const declared = method?.type === 'api_key' ? method : undefined;
        const placement = auth.in ?? declared?.in ?? 'header';
        const name = auth.name || declared?.name || 'X-API-Key';
        if (placement === 'query') out.url.searchParams.set(name, key);
        else header(name.toLowerCase(), `${declared?.prefix ?? ''}${key}`);
        return;
      }
      case 'bearer': {
        const token = this.credentials.reveal(connection, auth.token, 'token');
        header('authorization', `Bearer ${token}`);
        out.bearer = token;
        return;
      }
      case 'basic': {
        const { username, password } = this.credentials.basic(connection, auth);
        const encoded = Buffer.from(`${username}:${password}`, 'utf8').toString('base64');
        // The header is not the password itself: a short password is not found inside it.
        this.registerDerived(`integration:${connection.id}:basic`, encoded);
        header('authorization', `Basic ${encoded}`);
        return;
      }
      case 'oauth2': {
        const { header: value, accessToken } = await this.oauth.authorization(connection, auth, rejected);
        header('authorization', value);
        out.bearer = accessToken;
        return;
      }
      case 'jwt': {
        const token = await this.jwt.token(connection.id, this.credentials.jwtKey(connection, auth));
        this.registerDerived(`integration:${connection.id}:jwt`, token);
        header('authorization', `Bearer ${token}`);
        return;
      }
      case 'mtls': {
        const certificate = this.credentials.certificate(connection, auth);
        out.tls = { clientCertificate: certificate, cas: certificate.ca ? [certificate.ca] : [] };
        return;
      }
      case 'ssh_key':
        throw new EchelonError('invalid_input', `Connection "${connection.name}" holds an SSH key, which signs SSH logins, not HTTP requests: choose another authentication.`);
    }
  }

  /** Lets the redactor know a credential derived from vault values; only when it changed, as each change recompiles it. */
  private registerDerived(label: string, value: string): void {
    if (this.registered.get(label) === value) return;
    this.registered.set(label, value);
    this.redactor.set(label, value);
  }

  /** Drops what was derived from a connection's credentials (they changed, or it is gone). */
  forget(connectionId: string): void {
    this.oauth.forget(connectionId);
    this.jwt.forget(connectionId);
    for (const label of [`integration:${connectionId}:basic`, `integration:${connectionId}:jwt`]) {
      this.registered.delete(label);
      this.redactor.delete(label);
    }
  }
}

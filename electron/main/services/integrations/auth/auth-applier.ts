import type { Dispatcher } from 'undici';
import { EchelonError, type Connection } from '../../../../../shared/contract';
import type { AuthMethod } from '../../../../../shared/integrations/manifest';
import type { Redactor } from '../../redaction/redactor';
import type { ConnectionCredentials } from './connection-credentials';
import type { JwtSigner } from './jwt-signer';
import type { MtlsAgents } from './mtls-agents';
import type { OAuth2Tokens } from './oauth2/oauth-tokens';

export interface AppliedAuth {
  url: URL;
  headers: Record<string, string>;
  dispatcher?: Dispatcher;
  /** The bearer token sent, so a 401 can renew exactly that one. */
  bearer?: string;
  /** A header this auth added that must not follow a redirect to another origin. */
  sensitiveHeaders?: string[];
}

/**
 * Puts a connection's credentials on a request: a header, a query parameter, a client
 * certificate. Values are read from the vault at each use and never kept beyond the request,
 * except what must be reused (a signed JWT until it nears expiry, an mTLS connection pool).
 */
export class AuthApplier {
  private readonly registered = new Map<string, string>();

  constructor(
    private readonly credentials: ConnectionCredentials,
    private readonly oauth: OAuth2Tokens,
    private readonly jwt: JwtSigner,
    private readonly mtls: MtlsAgents,
    private readonly redactor: Redactor,
  ) {}

  async apply(connection: Connection, method: AuthMethod | undefined, url: URL, headers: Record<string, string>, rejected?: string): Promise<AppliedAuth> {
    const auth = connection.auth;
    const out: AppliedAuth = { url: new URL(url), headers: { ...headers } };
    switch (auth.type) {
      case 'none':
        return out;
      case 'api_key': {
        const key = this.credentials.reveal(connection, auth.key, 'key');
        const declared = method?.type === 'api_key' ? method : undefined;
        const placement = auth.in ?? declared?.in ?? 'header';
        const name = auth.name || declared?.name || 'X-API-Key';
        if (placement === 'query') out.url.searchParams.set(name, key);
        else {
          out.headers[name.toLowerCase()] = `${declared?.prefix ?? ''}${key}`;
          out.sensitiveHeaders = [name.toLowerCase()];
        }
        return out;
      }
      case 'bearer': {
        const token = this.credentials.reveal(connection, auth.token, 'token');
        out.headers.authorization = `Bearer ${token}`;
        out.bearer = token;
        return out;
      }
      case 'basic': {
        const { username, password } = this.credentials.basic(connection, auth);
        const encoded = Buffer.from(`${username}:${password}`, 'utf8').toString('base64');
        // The header is not the password itself, so the vault's redaction would miss it.
        this.registerDerived(`integration:${connection.id}:basic`, encoded);
        out.headers.authorization = `Basic ${encoded}`;
        return out;
      }
      case 'oauth2': {
        const { header, accessToken } = await this.oauth.authorization(connection, auth, rejected);
        out.headers.authorization = header;
        out.bearer = accessToken;
        return out;
      }
      case 'jwt': {
        const token = await this.jwt.token(connection.id, this.credentials.jwtKey(connection, auth));
        this.registerDerived(`integration:${connection.id}:jwt`, token);
        out.headers.authorization = `Bearer ${token}`;
        return out;
      }
      case 'mtls':
        out.dispatcher = this.mtls.get(connection.id, this.credentials.certificate(connection, auth));
        return out;
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
    this.mtls.forget(connectionId);
    for (const label of [`integration:${connectionId}:basic`, `integration:${connectionId}:jwt`]) {
      this.registered.delete(label);
      this.redactor.delete(label);
    }
  }
}

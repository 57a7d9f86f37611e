import { X509Certificate, createPrivateKey } from 'node:crypto';
import { EchelonError } from '../../../../../shared/contract';
import { AUTH_SECRET_FIELDS, authFormSchema, vaultReference, type AuthSettings } from '../../../../../shared/integrations/connection-auth';
import type { PluginManifest } from '../../../../../shared/integrations/manifest';
import { SecretValue } from '../../../../../shared/secrets/secret-kinds';
import { secretRef } from '../../../../../shared/secrets/secret-ref';
import type { CredentialStore } from '../../secrets/secret-source';
import { isEncryptedKey, parsePrivateKey } from '../../ssh/private-key';
import { checkCaCertificate } from '../http/tls-agents';
import { prefixedValidationError } from './prefixed-validation';

export interface ConnectionIdentity {
  id: string;
  name: string;
  pluginId: string;
}

/** A vault write the connection depends on, run only once every field has been checked. */
export interface PendingWrite {
  name: string;
  value: SecretValue;
  label: string;
}

export interface Intake<T> {
  value: T;
  writes: PendingWrite[];
}

/** Vault record names of a connection: `GITHUB_3F2A9C_TOKEN`, stable across renames. */
export function secretPrefix(connection: ConnectionIdentity): string {
  return `${connection.pluginId.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_${connection.id.replace(/-/g, '').slice(0, 6).toUpperCase()}`;
}

const snake = (id: string) => id.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

function checkPem(check: () => void, what: string, path: string): void {
  try {
    check();
  } catch (error) {
    throw new EchelonError('invalid_input', `The ${what} is not valid PEM (${(error as Error).message}).`, { path, cause: error });
  }
}

/**
 * Turns what the connection dialog sent into what a connection stores: every secret typed in
 * becomes a vault record and is replaced by its reference; references given must name an
 * existing record. Nothing is written until everything is valid.
 */
export class CredentialIntake {
  constructor(private readonly store: CredentialStore) {}

  private existing(value: string, path: string): string {
    const ref = vaultReference(value)!;
    if (!this.store.exists(ref.name)) {
      throw new EchelonError('invalid_input', `No vault record is named ${ref.name}: store it in the vault first, or type the value here.`, { path });
    }
    return value.trim();
  }

  private planned(name: string, value: SecretValue, label: string, path: string): PendingWrite {
    const parsed = SecretValue.safeParse(value);
    if (!parsed.success) throw new EchelonError('invalid_input', `The ${label} is incomplete: ${parsed.error.issues[0]?.message ?? 'invalid'}.`, { path });
    return { name, value: parsed.data, label };
  }

  auth(connection: ConnectionIdentity, manifest: PluginManifest, input: { type: string } & Record<string, unknown>): Intake<AuthSettings> {
    const method = manifest.auth.find((candidate) => candidate.type === input.type);
    if (!method) {
      const allowed = manifest.auth.map((candidate) => candidate.type).join(', ');
      throw new EchelonError('invalid_input', `${manifest.name} does not support "${input.type}" authentication; choose one of: ${allowed}.`, { path: 'auth.type' });
    }
    const { type: _type, ...fields } = input;
    const parsed = authFormSchema(method).safeParse(fields);
    if (!parsed.success) throw prefixedValidationError(parsed.error, 'authentication', 'auth');
    const form = { type: method.type, ...parsed.data } as Record<string, unknown> & { type: AuthSettings['type'] };
    const prefix = secretPrefix(connection);
    const writes: PendingWrite[] = [];
    const text = (key: string) => (typeof form[key] === 'string' && (form[key] as string).length > 0 ? (form[key] as string) : undefined);
    const isNew = (key: string) => text(key) !== undefined && !vaultReference(text(key));
    for (const field of AUTH_SECRET_FIELDS[method.type]) {
      const value = text(field);
      if (value === undefined) delete form[field];
      else if (vaultReference(value)) form[field] = this.existing(value, `auth.${field}`);
    }

    const store = (field: string, suffix: string, value: SecretValue, label: string) => {
      const name = `${prefix}_${suffix}`;
      writes.push(this.planned(name, value, label, `auth.${field}`));
      form[field] = secretRef(name);
    };
    if (text('ca')) checkCaCertificate(text('ca')!, 'auth.ca');
    else delete form.ca;
    switch (method.type) {
      case 'api_key':
        if (isNew('key')) store('key', 'API_KEY', { kind: 'api_key', key: text('key')! }, 'API key');
        break;
      case 'bearer':
        if (isNew('token')) store('token', 'TOKEN', { kind: 'secret', value: text('token')! }, 'token');
        break;
      case 'basic':
        if (isNew('password')) store('password', 'LOGIN', { kind: 'basic', username: text('username') ?? '', password: text('password')! }, 'login');
        break;
      case 'oauth2':
        if (isNew('clientSecret')) store('clientSecret', 'CLIENT_SECRET', { kind: 'secret', value: text('clientSecret')! }, 'client secret');
        if (form.flow === 'authorization_code' && !text('authorizationUrl') && !text('issuer')) {
          throw new EchelonError('invalid_input', 'The authorization code flow needs an authorization URL (or an issuer).', { path: 'auth.authorizationUrl' });
        }
        if (!text('tokenUrl') && !text('issuer')) throw new EchelonError('invalid_input', 'Set the token URL (or an issuer) of the OAuth 2.0 provider.', { path: 'auth.tokenUrl' });
        form.token = secretRef(`${prefix}_OAUTH_TOKEN`);
        break;
      case 'mtls':
        if (isNew('privateKey')) {
          const certificate = text('certificate');
          if (!certificate) throw new EchelonError('invalid_input', 'Paste the client certificate (PEM) that goes with this private key.', { path: 'auth.certificate' });
          const passphrase = isNew('passphrase') ? text('passphrase') : undefined;
          checkPem(() => new X509Certificate(certificate), 'client certificate', 'auth.certificate');
          checkPem(() => createPrivateKey({ key: text('privateKey')!, passphrase }), 'private key', 'auth.privateKey');
          if (isNew('passphrase')) delete form.passphrase;
          store('privateKey', 'CERTIFICATE', { kind: 'certificate', certificate, privateKey: text('privateKey')!, passphrase, ca: text('ca') }, 'client certificate');
        } else if (isNew('passphrase')) {
          store('passphrase', 'KEY_PASSPHRASE', { kind: 'secret', value: text('passphrase')! }, 'key passphrase');
        }
        break;
      case 'jwt':
        if (isNew('privateKey')) {
          const algorithm = (text('algorithm') ?? 'RS256') as Extract<SecretValue, { kind: 'jwt_key' }>['algorithm'];
          if (!algorithm.startsWith('HS')) checkPem(() => createPrivateKey(text('privateKey')!), 'signing key', 'auth.privateKey');
          store('privateKey', 'JWT_KEY', { kind: 'jwt_key', privateKey: text('privateKey')!, algorithm, keyId: text('keyId'), issuer: text('issuer'), subject: text('subject'), audience: text('audience') }, 'JWT signing key');
        }
        break;
      case 'ssh_key':
        if (isNew('privateKey')) {
          const privateKey = text('privateKey')!;
          const passphrase = isNew('passphrase') ? text('passphrase') : undefined;
          const publicKey = this.checkSshKey(privateKey, passphrase, vaultReference(text('passphrase')) !== undefined);
          if (isNew('passphrase')) delete form.passphrase;
          store('privateKey', 'SSH_KEY', { kind: 'ssh_key', privateKey, passphrase, publicKey }, 'SSH key');
        } else if (isNew('passphrase')) {
          store('passphrase', 'KEY_PASSPHRASE', { kind: 'secret', value: text('passphrase')! }, 'key passphrase');
        }
        break;
      case 'none':
        break;
    }
    return { value: form as AuthSettings, writes };
  }

  /** A pasted SSH key is read now, so a wrong passphrase shows in the dialog; returns its public half. */
  private checkSshKey(privateKey: string, passphrase: string | undefined, passphraseInVault: boolean): string | undefined {
    // A passphrase given as a vault reference is read only when connecting.
    if (passphraseInVault && isEncryptedKey(privateKey)) return undefined;
    return parsePrivateKey(privateKey, passphrase, 'this connection', 'auth.privateKey').publicKey;
  }

  /** The manifest's extra secret slots (a Slack webhook URL). */
  secrets(connection: ConnectionIdentity, manifest: PluginManifest, input: Record<string, string>): Intake<Record<string, string>> {
    const slots = manifest.connectionSecrets ?? [];
    const unknown = Object.keys(input).filter((key) => !slots.some((slot) => slot.id === key));
    if (unknown.length > 0) throw new EchelonError('invalid_input', `${manifest.name} connections have no secret "${unknown[0]}".`, { path: `secrets.${unknown[0]}` });
    const writes: PendingWrite[] = [];
    const value: Record<string, string> = {};
    for (const slot of slots) {
      const given = input[slot.id]?.trim();
      if (!given) {
        if (slot.required) throw new EchelonError('invalid_input', `${slot.title} is required.`, { path: `secrets.${slot.id}` });
        continue;
      }
      if (vaultReference(given)) {
        value[slot.id] = this.existing(given, `secrets.${slot.id}`);
        continue;
      }
      const name = `${secretPrefix(connection)}_${snake(slot.id)}`;
      writes.push(this.planned(name, { kind: 'secret', value: given }, slot.title, `secrets.${slot.id}`));
      value[slot.id] = secretRef(name);
    }
    return { value, writes };
  }

  /** Stores the planned records, described so the vault says who uses them. */
  commit(connection: ConnectionIdentity, writes: readonly PendingWrite[]): void {
    for (const write of writes) {
      this.store.write(write.name, write.value, {
        description: `The ${write.label} of the connection "${connection.name}"`,
        tags: ['integration', connection.pluginId],
        usedBy: `integration:${connection.id}`,
      });
    }
  }
}

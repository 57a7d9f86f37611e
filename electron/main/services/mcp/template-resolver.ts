import { substituteSecretRefs } from '../../../../shared/secrets/secret-ref';
import type { Redactor } from '../redaction/redactor';
import type { SecretAccessor, SecretSource } from '../secrets/secret-source';

const ENV_VARIABLE = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Fills a server's templated values at spawn or connect time: `{{ secrets.NAME }}` from the
 * vault and `${env:NAME}` (kept from Cursor and VS Code configs) from Echelon's environment.
 * Every revealed value is registered with the redactor before it can reach a log.
 */
export class TemplateResolver {
  constructor(
    private readonly secrets: SecretSource,
    private readonly redactor: Redactor,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  text(value: string, accessor: SecretAccessor): string {
    const withSecrets = substituteSecretRefs(value, (ref) => {
      const revealed = this.secrets.reveal(ref.name, ref.field, accessor);
      if (this.secrets.isSecret?.(ref.name, ref.field) !== false) this.redactor.set(ref.field ? `${ref.name}.${ref.field}` : ref.name, revealed);
      return revealed;
    });
    return withSecrets.replace(ENV_VARIABLE, (_match, name: string) => this.env[name] ?? '');
  }

  record(values: Record<string, string>, accessor: SecretAccessor): Record<string, string> {
    return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, this.text(value, accessor)]));
  }
}

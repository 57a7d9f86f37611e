import type { ServerDefinition } from '../../../../shared/contract';
import { hasSecretRef, SECRET_NAME } from '../../../../shared/secrets/secret-ref';

/** Words that mark an environment variable or header as holding a credential. */
const SECRET_WORDS = new Set(['TOKEN', 'KEY', 'SECRET', 'PASSWORD', 'PASSWD', 'PASS', 'CREDENTIAL', 'CREDENTIALS', 'PAT', 'COOKIE', 'APIKEY', 'AUTHORIZATION']);
const SECRET_SUFFIXES = ['TOKEN', 'KEY', 'SECRET', 'PASSWORD'];

/** `GITHUB_PERSONAL_ACCESS_TOKEN`, `OPENAI_API_KEY`, `DB_PASSWORD`, `X-Api-Key`: yes. `PATH`, `DEBUG`, `PWD`: no. */
export function looksSecret(name: string): boolean {
  const words = name.toUpperCase().split(/[^A-Z0-9]+/).filter(Boolean);
  return words.some((word) => SECRET_WORDS.has(word) || SECRET_SUFFIXES.some((suffix) => word.endsWith(suffix)));
}

/** A literal worth moving: not empty, not already a reference, not a placeholder another tool fills in. */
export function isLiteralSecret(value: string): boolean {
  return value.trim() !== '' && !hasSecretRef(value) && !/\$\{(input|env):[^}]+\}/.test(value);
}

/** `Bearer abc` keeps its scheme in the config: only `abc` is secret. */
export function splitAuthScheme(value: string): { prefix: string; secret: string } {
  const match = /^(Bearer|Basic|Token|Bot)\s+(\S.*)$/i.exec(value);
  return match ? { prefix: `${match[1]} `, secret: match[2]! } : { prefix: '', secret: value };
}

/** A vault name from a server and a key: `github` + `GITHUB_TOKEN` → `GITHUB_TOKEN`, `brave` + `API_KEY` → `BRAVE_API_KEY`. */
export function secretNameFor(server: string, key: string): string {
  const upper = (text: string) => text.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  const prefix = upper(server);
  const base = upper(key);
  let name = base.startsWith(`${prefix}_`) || base === prefix ? base : `${prefix}_${base}`;
  if (!/^[A-Z_]/.test(name)) name = `_${name}`;
  name = name.slice(0, 120);
  return SECRET_NAME.test(name) ? name : 'MCP_SECRET';
}

export interface SecretMove {
  /** Where it sits in the definition: `env.GITHUB_TOKEN`, `headers.Authorization`, `auth.token`. */
  field: string;
  secretName: string;
  value: string;
  /** What the field holds afterwards. */
  replacement: string;
}

/** Every literal credential in a definition: secret-looking env values and headers, and the auth fields. */
export function findLiteralSecrets(definition: ServerDefinition): Omit<SecretMove, 'secretName' | 'replacement'>[] {
  const found: Omit<SecretMove, 'secretName' | 'replacement'>[] = [];
  const transport = definition.transport;
  if (transport.type !== 'http') {
    for (const [key, value] of Object.entries(transport.env)) {
      if (looksSecret(key) && isLiteralSecret(value)) found.push({ field: `env.${key}`, value });
    }
  } else {
    for (const [key, value] of Object.entries(transport.headers)) {
      if (looksSecret(key) && isLiteralSecret(value)) found.push({ field: `headers.${key}`, value });
    }
  }
  if (definition.auth.type === 'bearer' && isLiteralSecret(definition.auth.token)) found.push({ field: 'auth.token', value: definition.auth.token });
  if (definition.auth.type === 'basic' && isLiteralSecret(definition.auth.password)) found.push({ field: 'auth.password', value: definition.auth.password });
  return found;
}

/** The definition with each moved field replaced by its reference. */
export function replaceSecrets(definition: ServerDefinition, moves: readonly SecretMove[]): ServerDefinition {
  const next: ServerDefinition = structuredClone(definition);
  for (const move of moves) {
    const [group, key] = [move.field.slice(0, move.field.indexOf('.')), move.field.slice(move.field.indexOf('.') + 1)];
    if (group === 'env' && next.transport.type !== 'http') next.transport.env[key] = move.replacement;
    if (group === 'headers' && next.transport.type === 'http') next.transport.headers[key] = move.replacement;
    if (move.field === 'auth.token' && next.auth.type === 'bearer') next.auth.token = move.replacement;
    if (move.field === 'auth.password' && next.auth.type === 'basic') next.auth.password = move.replacement;
  }
  return next;
}

/**
 * Configurations name secrets instead of holding them: `{{ secrets.GITHUB_TOKEN }}`, or one
 * field of a multi-part record: `{{ secrets.DB_LOGIN.password }}`. Resolved in the main process
 * at the moment of use, never stored resolved.
 */
export interface SecretRef {
  name: string;
  field?: string;
  /** The exact text matched, for replacing. */
  text: string;
}

export const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
const REF = /\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)(?:\.([A-Za-z_][A-Za-z0-9_]*))?\s*\}\}/g;

export function findSecretRefs(text: string): SecretRef[] {
  return [...text.matchAll(REF)].map((match) => ({ name: match[1]!, field: match[2], text: match[0] }));
}

export function hasSecretRef(text: string): boolean {
  return findSecretRefs(text).length > 0;
}

export function secretRef(name: string, field?: string): string {
  return `{{ secrets.${name}${field ? `.${field}` : ''} }}`;
}

/** Replaces every reference by what `lookup` returns for it. */
export function substituteSecretRefs(text: string, lookup: (ref: SecretRef) => string): string {
  return text.replace(REF, (matched, name: string, field: string | undefined) => lookup({ name, field, text: matched }));
}

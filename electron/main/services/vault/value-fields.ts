import { PRIMARY_FIELD, SECRET_FIELDS, type SecretKind, type SecretValue } from '../../../../shared/secrets/secret-kinds';

/** What a list shows in place of a value: the same for every record, so it says nothing about length. */
export const MASK = '••••••••';

/** Every field of a value except `kind`, in schema order. */
function entries(value: SecretValue): [string, unknown][] {
  return Object.entries(value).filter(([field]) => field !== 'kind');
}

export function isSecretField(kind: SecretKind, field: string): boolean {
  return SECRET_FIELDS[kind].includes(field);
}

/** The secret fields that hold text: what the redactor must know. */
export function secretTexts(value: SecretValue): [field: string, text: string][] {
  return entries(value).filter((entry): entry is [string, string] => isSecretField(value.kind, entry[0]) && typeof entry[1] === 'string' && entry[1] !== '');
}

export function fieldNames(value: SecretValue): string[] {
  return entries(value).map(([field]) => field);
}

/** One field as text, for `{{ secrets.NAME.field }}`; the primary field when none is named. Undefined if absent. */
export function fieldText(value: SecretValue, field: string | undefined): string | undefined {
  const raw = (value as Record<string, unknown>)[field ?? PRIMARY_FIELD[value.kind]];
  if (field === 'kind') return undefined;
  if (Array.isArray(raw)) return raw.join(' ');
  return typeof raw === 'string' ? raw : undefined;
}

/** Which fields a kind can hold and which are set: the renderer's view of a value, without it. */
export function fieldInfo(value: SecretValue): { name: string; secret: boolean; set: boolean }[] {
  return entries(value).map(([name, raw]) => ({
    name,
    secret: isSecretField(value.kind, name),
    set: raw !== undefined && raw !== '' && !(Array.isArray(raw) && raw.length === 0),
  }));
}

/** The label a field's value is redacted under: the record's name, or NAME.field for other fields. */
export function redactionLabel(name: string, kind: SecretKind, field: string): string {
  return field === PRIMARY_FIELD[kind] ? name : `${name}.${field}`;
}

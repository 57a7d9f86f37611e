import type { FieldProps } from '@rjsf/utils';
import { useState } from 'react';

const show = (value: unknown) => (value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value, null, 2));

/**
 * A field whose schema allows any value (a parameter typed `unknown`): edited as text, kept as
 * JSON when the text is JSON (`{"a": 1}`, `42`, `true`) and as a string otherwise, so an
 * expression such as `{{ $json.total }}` stays a string.
 */
export function JsonValueField({ fieldPathId, formData, onChange, schema, name, disabled, readonly }: FieldProps) {
  const [text, setText] = useState(() => show(formData));
  const id = fieldPathId.$id;
  return (
    <div className="form-group field field-json">
      <label className="control-label" htmlFor={id}>
        {schema.title ?? name}
      </label>
      <textarea
        id={id}
        className="form-control"
        rows={3}
        spellCheck={false}
        value={text}
        disabled={disabled || readonly}
        placeholder="Text, JSON, or an expression such as {{ $json.field }}"
        onChange={(event) => {
          setText(event.target.value);
          let value: unknown = event.target.value;
          try {
            value = event.target.value.trim() === '' ? undefined : JSON.parse(event.target.value);
          } catch {
            // Not JSON: keep it as text (an expression or a plain string).
          }
          onChange(value, fieldPathId.path);
        }}
      />
      {schema.description && <p className="field-description">{schema.description}</p>}
    </div>
  );
}

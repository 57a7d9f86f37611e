// The package index also exports a test helper that pulls in AJV; the component alone is what runs here.
import Form from '@rjsf/core/lib/components/Form.js';
import type { RJSFSchema, UiSchema, WidgetProps } from '@rjsf/utils';
import { KeyRound } from 'lucide-react';
import type { Ref } from 'react';
import { jsonSchemaValidator } from '../components/schema-form/json-schema-validator';

type Value = Record<string, unknown>;

const isReference = (value: unknown) => typeof value === 'string' && /^\s*\{\{\s*secrets\.[A-Za-z_][A-Za-z0-9_.]*\s*\}\}\s*$/.test(value);

/**
 * A secret field: typed values are masked and go to the vault on save; a `{{ secrets.NAME }}`
 * reference (what an existing connection holds) is shown as the name it is.
 */
function SecretWidget(props: WidgetProps) {
  const reference = isReference(props.value);
  const field = {
    id: props.id,
    name: props.id,
    autoComplete: 'off',
    spellCheck: false,
    value: typeof props.value === 'string' ? props.value : '',
    required: props.required,
    disabled: props.disabled || props.readonly,
    placeholder: 'Value, or {{ secrets.NAME }}',
    onChange: (event: { target: { value: string } }) => props.onChange(event.target.value === '' ? undefined : event.target.value),
    onBlur: () => props.onBlur(props.id, props.value),
    onFocus: () => props.onFocus(props.id, props.value),
    'data-testid': `secret-${props.id}`,
  };
  return (
    <div className="secret-input">
      {/* A key file keeps its line breaks, which a password input would drop: a masked text area instead. */}
      {props.schema['x-multiline'] ? (
        <textarea {...field} rows={4} className={reference ? 'form-control' : 'form-control masked'} />
      ) : (
        <input {...field} type={reference ? 'text' : 'password'} className="form-control" />
      )}
      {reference && (
        <span className="muted secret-hint">
          <KeyRound size={13} aria-hidden /> Kept in the vault
        </span>
      )}
    </div>
  );
}

const widgets = { secret: SecretWidget };

/** The uiSchema a manifest's JSON Schema implies: secret fields masked, PEM fields multi-line, no submit button. */
export function uiSchemaFor(schema: RJSFSchema): UiSchema {
  const ui: UiSchema = { 'ui:submitButtonOptions': { norender: true } };
  for (const [name, property] of Object.entries((schema.properties ?? {}) as Record<string, Record<string, unknown>>)) {
    if (property['x-secret']) ui[name] = { 'ui:widget': 'secret' };
    else if (property['x-multiline']) ui[name] = { 'ui:widget': 'textarea', 'ui:options': { rows: 4 } };
  }
  return ui;
}

export interface SchemaFormProps {
  schema: RJSFSchema;
  value: Value;
  onChange: (value: Value) => void;
  idPrefix: string;
  formRef?: Ref<Form<Value, RJSFSchema>>;
  disabled?: boolean;
  /** Re-validate as the person types: once they tried to save, so fixed fields clear their error at once. */
  live?: boolean;
}

/** A form generated from a JSON Schema (a manifest's connection settings or auth fields), validated without eval. */
export function SchemaForm({ schema, value, onChange, idPrefix, formRef, disabled, live }: SchemaFormProps) {
  return (
    <Form<Value, RJSFSchema>
      ref={formRef}
      className="rjsf schema-form"
      schema={schema}
      uiSchema={uiSchemaFor(schema)}
      formData={value}
      validator={jsonSchemaValidator as never}
      widgets={widgets}
      idPrefix={idPrefix}
      disabled={disabled}
      showErrorList={false}
      noHtml5Validate
      liveValidate={live ? 'onChange' : undefined}
      // Errors show beside their fields; without a handler RJSF would also log them to the console.
      onError={() => {}}
      onChange={(event) => onChange((event.formData ?? {}) as Value)}
    />
  );
}

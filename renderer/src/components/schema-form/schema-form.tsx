// The package index also exports a test helper that pulls in AJV; the component alone is what runs here.
import Form from '@rjsf/core/lib/components/Form.js';
import type { RJSFSchema, UiSchema } from '@rjsf/utils';
import { useMemo, type ReactNode } from 'react';
import { jsonSchemaValidator } from './json-schema-validator';
import { JsonValueField } from './json-value-field';
import { prepareSchema } from './prepare-schema';

const fields = { jsonValue: JsonValueField };

export interface SchemaFormProps<T> {
  schema: Record<string, unknown>;
  value: T;
  onChange(value: T): void;
  onSubmit?(value: T): void;
  uiSchema?: UiSchema;
  /** Live validation while typing (inspector panels); forms with a submit button validate on submit. */
  liveValidate?: boolean;
  disabled?: boolean;
  children?: ReactNode;
  idPrefix?: string;
}

/** A form generated from a JSON Schema (tool inputs, node parameters, connection fields). */
export function SchemaForm<T>({ schema, value, onChange, onSubmit, uiSchema, liveValidate, disabled, children, idPrefix }: SchemaFormProps<T>) {
  const prepared = useMemo(() => prepareSchema(schema), [schema]);
  return (
    <Form
      schema={prepared.schema as RJSFSchema}
      fields={fields}
      uiSchema={{ 'ui:submitButtonOptions': { norender: !onSubmit }, ...prepared.uiSchema, ...uiSchema }}
      formData={value}
      validator={jsonSchemaValidator}
      liveValidate={liveValidate ? 'onChange' : undefined}
      showErrorList={false}
      disabled={disabled}
      idPrefix={idPrefix}
      onChange={(event) => onChange(event.formData as T)}
      onSubmit={(event) => onSubmit?.(event.formData as T)}
    >
      {children}
    </Form>
  );
}

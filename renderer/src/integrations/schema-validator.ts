import { Validator as SchemaValidator, type OutputUnit, type Schema } from '@cfworker/json-schema';
import {
  createErrorHandler,
  getDefaultFormState,
  toErrorSchema,
  unwrapErrorHandler,
  validationDataMerge,
  type CustomValidator,
  type ErrorTransformer,
  type RJSFSchema,
  type RJSFValidationError,
  type UiSchema,
  type ValidationData,
  type ValidatorType,
} from '@rjsf/utils';

type FormValue = Record<string, unknown> | undefined;

/** Keywords that only say "a sub-schema failed": the sub-schema's own error says what. */
const WRAPPERS = new Set(['properties', 'items', 'allOf', 'anyOf', 'oneOf', '$ref', 'additionalProperties', 'prefixItems', 'unevaluatedProperties', 'dependentSchemas']);

/** `#/auth/token` → `.auth.token`, the property path RJSF expects. */
function property(instanceLocation: string): string {
  const parts = instanceLocation.replace(/^#\/?/, '').split('/').filter(Boolean);
  return parts.map((part) => `.${decodeURIComponent(part.replace(/~1/g, '/').replace(/~0/g, '~'))}`).join('');
}

/** Schema messages as a person reads them: "is required" instead of "Instance does not have required property". */
function message(unit: OutputUnit): string {
  if (unit.keyword === 'required') return 'is required';
  if (unit.keyword === 'format') return `must be a valid ${/"([^"]+)"/.exec(unit.error)?.[1] ?? 'value'}`;
  return unit.error.replace(/^Instance /, 'Value ');
}

function toRjsfErrors(units: readonly OutputUnit[]): RJSFValidationError[] {
  return units
    .filter((unit) => !WRAPPERS.has(unit.keyword))
    .map((unit) => {
      let path = property(unit.instanceLocation);
      // A missing property is reported on the object; RJSF shows it on the field itself.
      const missing = unit.keyword === 'required' ? /"([^"]+)"/.exec(unit.error)?.[1] : undefined;
      if (missing) path = `${path}.${missing}`;
      const text = message(unit);
      return { name: unit.keyword, property: path, message: text, params: {}, schemaPath: unit.keywordLocation, stack: `${path.slice(1) || 'value'} ${text}`.trim() };
    });
}

/**
 * RJSF's validator interface on @cfworker/json-schema, which interprets schemas instead of
 * compiling them to code: the renderer's Content-Security-Policy forbids eval, which rules
 * out RJSF's default AJV validator. The main process validates again with zod.
 */
export class CspSafeValidator implements ValidatorType<FormValue, RJSFSchema> {
  private readonly cache = new WeakMap<object, SchemaValidator>();

  private compile(schema: RJSFSchema, rootSchema?: RJSFSchema): SchemaValidator {
    const key = schema as object;
    let validator = this.cache.get(key);
    if (!validator) {
      const withDefinitions = rootSchema && rootSchema !== schema ? { ...schema, $defs: rootSchema.$defs, definitions: rootSchema.definitions } : schema;
      validator = new SchemaValidator(withDefinitions as Schema, '2020-12', false);
      this.cache.set(key, validator);
    }
    return validator;
  }

  rawValidation<Result = unknown>(schema: RJSFSchema, formData?: FormValue): { errors?: Result[]; validationError?: Error } {
    try {
      const result = this.compile(schema).validate(formData ?? {});
      return { errors: (result.valid ? [] : result.errors) as Result[] };
    } catch (error) {
      return { validationError: error as Error };
    }
  }

  validateFormData(
    formData: FormValue,
    schema: RJSFSchema,
    customValidate?: CustomValidator<FormValue, RJSFSchema>,
    transformErrors?: ErrorTransformer<FormValue, RJSFSchema>,
    uiSchema?: UiSchema<FormValue, RJSFSchema>,
  ): ValidationData<FormValue> {
    const raw = this.rawValidation<OutputUnit>(schema, formData);
    let errors = toRjsfErrors(raw.errors ?? []);
    if (raw.validationError) errors.push({ stack: raw.validationError.message, message: raw.validationError.message });
    if (transformErrors) errors = transformErrors(errors, uiSchema);
    const errorSchema = toErrorSchema<FormValue>(errors);
    if (!customValidate) return { errors, errorSchema };
    const withDefaults = getDefaultFormState<FormValue, RJSFSchema>(this, schema, formData, schema, true) as FormValue;
    const handler = customValidate(withDefaults, createErrorHandler<FormValue>(withDefaults), uiSchema);
    return validationDataMerge<FormValue>({ errors, errorSchema }, unwrapErrorHandler<FormValue>(handler));
  }

  isValid(schema: RJSFSchema, formData: FormValue, rootSchema: RJSFSchema): boolean {
    try {
      return this.compile(schema, rootSchema).validate(formData).valid;
    } catch {
      return false;
    }
  }
}

export const cspSafeValidator = new CspSafeValidator();

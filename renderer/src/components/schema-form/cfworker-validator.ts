import { Validator, type OutputUnit, type Schema } from '@cfworker/json-schema';
import {
  createErrorHandler,
  ErrorSchemaBuilder,
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

/** Keywords that only say "something below failed": the leaf error says what. */
const AGGREGATE_KEYWORDS = new Set(['properties', 'items', 'prefixItems', 'allOf', '$ref', 'unevaluatedProperties', 'unevaluatedItems', 'additionalProperties', 'dependentSchemas']);

function pathOf(unit: OutputUnit): string[] {
  const path = unit.instanceLocation.replace(/^#\/?/, '').split('/').filter(Boolean).map((part) => decodeURIComponent(part.replace(/~1/g, '/').replace(/~0/g, '~')));
  // "required" is reported on the parent object; RJSF shows it under the missing field.
  const missing = unit.keyword === 'required' ? /"([^"]+)"/.exec(unit.error)?.[1] : undefined;
  return missing ? [...path, missing] : path;
}

function friendly(unit: OutputUnit): string {
  if (unit.keyword === 'required') return 'is required';
  return unit.error.replace(/^Instance /, 'value ').replace(/\.$/, '');
}

/**
 * RJSF's validator, backed by @cfworker/json-schema: it interprets schemas instead of compiling
 * them to code, so forms work under a Content-Security-Policy without 'unsafe-eval' (ajv needs it).
 */
export class CfWorkerValidator implements ValidatorType<unknown, RJSFSchema> {
  private readonly cache = new WeakMap<object, Validator>();

  private validatorFor(schema: RJSFSchema, rootSchema?: RJSFSchema): Validator {
    let validator = this.cache.get(schema);
    if (!validator) {
      const withDefinitions = rootSchema && rootSchema !== schema ? { ...schema, $defs: rootSchema.$defs, definitions: rootSchema.definitions } : schema;
      validator = new Validator(withDefinitions as Schema, '2020-12', false);
      this.cache.set(schema, validator);
    }
    return validator;
  }

  private errors(schema: RJSFSchema, formData: unknown): RJSFValidationError[] {
    const result = this.validatorFor(schema).validate(formData ?? {});
    return result.errors
      .filter((unit) => !AGGREGATE_KEYWORDS.has(unit.keyword))
      .map((unit) => {
        const path = pathOf(unit);
        const property = path.length > 0 ? `.${path.join('.')}` : '';
        const message = friendly(unit);
        return { name: unit.keyword, property, message, schemaPath: unit.keywordLocation, stack: `${property || 'form'} ${message}`.trim() };
      });
  }

  validateFormData(
    formData: unknown,
    schema: RJSFSchema,
    customValidate?: CustomValidator<unknown, RJSFSchema>,
    transformErrors?: ErrorTransformer<unknown, RJSFSchema>,
    uiSchema?: UiSchema<unknown, RJSFSchema>,
  ): ValidationData<unknown> {
    let errors = this.errors(schema, formData);
    if (transformErrors) errors = transformErrors(errors, uiSchema);
    const builder = new ErrorSchemaBuilder();
    for (const error of errors) builder.addErrors(error.message ?? 'is invalid', error.property ? error.property.slice(1).split('.') : undefined);
    const data: ValidationData<unknown> = { errors, errorSchema: builder.ErrorSchema };
    if (!customValidate) return data;
    const custom = customValidate(formData, createErrorHandler(formData), uiSchema);
    return validationDataMerge(data, unwrapErrorHandler(custom));
  }

  isValid(schema: RJSFSchema, formData: unknown, rootSchema: RJSFSchema): boolean {
    return this.validatorFor(schema, rootSchema).validate(formData).valid;
  }

  rawValidation<Result = unknown>(schema: RJSFSchema, formData?: unknown): { errors?: Result[]; validationError?: Error } {
    try {
      return { errors: this.validatorFor(schema).validate(formData).errors as Result[] };
    } catch (error) {
      return { validationError: error as Error };
    }
  }
}

export const cfWorkerValidator = new CfWorkerValidator();

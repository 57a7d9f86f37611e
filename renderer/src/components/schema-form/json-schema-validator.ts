import { Validator, type Schema, type SchemaDraft } from '@cfworker/json-schema';
import {
  createErrorHandler,
  toErrorSchema,
  unwrapErrorHandler,
  validationDataMerge,
  type RJSFSchema,
  type RJSFValidationError,
  type ValidatorType,
} from '@rjsf/utils';

/** Keywords that only say "something inside failed": their inner errors say what. */
const CONTAINER_KEYWORDS = new Set(['properties', 'items', 'prefixItems', 'additionalItems', '$ref', 'allOf', 'dependentSchemas', 'unevaluatedProperties', 'unevaluatedItems']);

function draftOf(schema: RJSFSchema): SchemaDraft {
  const declared = typeof schema.$schema === 'string' ? schema.$schema : '';
  if (declared.includes('draft-04')) return '4';
  if (declared.includes('draft-07') || declared.includes('draft-06')) return '7';
  if (declared.includes('2019-09')) return '2019-09';
  return '2020-12';
}

const cache = new WeakMap<object, Validator>();

function validatorFor(schema: RJSFSchema, rootSchema?: RJSFSchema): Validator {
  const key = rootSchema && rootSchema !== schema ? undefined : schema;
  const cached = key && cache.get(key);
  if (cached) return cached;
  // Sub-schemas keep their `#/definitions/...` references working by borrowing the root's definitions.
  const withDefinitions = rootSchema && rootSchema !== schema ? { ...schema, definitions: rootSchema.definitions, $defs: rootSchema.$defs } : schema;
  const validator = new Validator(withDefinitions as Schema, draftOf(rootSchema ?? schema), false);
  if (key) cache.set(key, validator);
  return validator;
}

/** `#/a/0/b` → `.a.0.b`, the property path RJSF files errors under. */
function propertyOf(instanceLocation: string, keyword: string, message: string): string {
  const segments = instanceLocation.replace(/^#\/?/, '').split('/').filter(Boolean).map((segment) => decodeURIComponent(segment.replace(/~1/g, '/').replace(/~0/g, '~')));
  if (keyword === 'required') {
    const missing = /required property "([^"]+)"/.exec(message)?.[1];
    if (missing) segments.push(missing);
  }
  return segments.length ? `.${segments.join('.')}` : '';
}

function friendly(keyword: string, message: string): string {
  if (keyword === 'required') return 'is required';
  const type = /Expected "([^"]+)"/.exec(message);
  if (keyword === 'type' && type) return `must be ${type[1] === 'integer' ? 'an integer' : `a ${type[1]}`}`;
  if (keyword === 'format') return `must be a valid ${/"([^"]+)"/.exec(message)?.[1] ?? 'value'}`;
  return message.replace(/^Instance /, '').replace(/\.$/, '');
}

function validate(schema: RJSFSchema, formData: unknown, rootSchema?: RJSFSchema): RJSFValidationError[] {
  // An empty form is an empty object to an object schema, and absent to any other.
  const instance = formData === undefined && schema.type === 'object' ? {} : formData;
  const result = validatorFor(schema, rootSchema).validate(instance);
  if (result.valid) return [];
  return result.errors
    .filter((error) => !CONTAINER_KEYWORDS.has(error.keyword))
    .map((error) => {
      const property = propertyOf(error.instanceLocation, error.keyword, error.error);
      const message = friendly(error.keyword, error.error);
      return { name: error.keyword, property, message, params: {}, schemaPath: error.keywordLocation, stack: `${property || 'root'} ${message}`.trim() };
    });
}

/**
 * RJSF's validator, backed by @cfworker/json-schema: it interprets schemas instead of
 * compiling them to code, so it runs under the UI's Content-Security-Policy, which forbids eval
 * (RJSF's default AJV validator compiles). Every generated form uses it: tool inputs, prompt
 * arguments, connection fields, node parameters. The main process validates again with zod.
 */
export const jsonSchemaValidator: ValidatorType<unknown, RJSFSchema> = {
  validateFormData(formData, schema, customValidate, transformErrors, uiSchema) {
    let errors = validate(schema, formData);
    if (transformErrors) errors = transformErrors(errors, uiSchema);
    let data = { errors, errorSchema: toErrorSchema(errors) };
    if (customValidate) {
      const custom = customValidate(formData, createErrorHandler(formData), uiSchema);
      data = validationDataMerge(data, unwrapErrorHandler(custom));
    }
    return data;
  },
  isValid(schema, formData, rootSchema) {
    try {
      return validate(schema, formData, rootSchema).length === 0;
    } catch {
      return false;
    }
  },
  rawValidation(schema, formData) {
    try {
      return { errors: validate(schema, formData) as never[] };
    } catch (error) {
      return { validationError: error as Error };
    }
  },
};

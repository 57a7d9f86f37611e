import type { z } from 'zod';
import { EchelonError, formatPath, validationError } from '../../../../../shared/contract';

/** A validation error whose paths point into the part of the input that was checked (`auth.token`). */
export function prefixedValidationError(error: z.ZodError, what: string, prefix: string): EchelonError {
  const base = validationError(error, what);
  const issues = error.issues.map((issue) => ({ path: formatPath([prefix, ...issue.path]), message: issue.message }));
  const first = issues[0];
  return new EchelonError('invalid_input', base.message.replace(/^Invalid (.*?)(?: at "[^"]*")?:/, `Invalid $1 at "${first?.path}":`), { path: first?.path, issues });
}

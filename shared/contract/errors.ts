import { z } from 'zod';

/** Every failure crossing a transport is one of these codes, so callers branch on codes, not on prose. */
export const ErrorCode = z.enum([
  'invalid_input',
  'unknown_method',
  'not_found',
  'conflict',
  'forbidden',
  'unavailable',
  'timeout',
  'cancelled',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ApiError = z.object({
  code: ErrorCode,
  /** A sentence a person can act on; never a stack trace. */
  message: z.string(),
  /** The field the error concerns, as a dotted path (`nodes.3.parameters.url`). */
  path: z.string().optional(),
  /** Further problems when several were found at once (validation reports all of them). */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ApiError = z.infer<typeof ApiError>;

export type Result<T> = { ok: true; data: T } | { ok: false; error: ApiError };

/** Thrown by services; the router turns it into an `ApiError` value. */
export class EchelonError extends Error {
  readonly code: ErrorCode;
  readonly path?: string;
  readonly issues?: ApiError['issues'];

  constructor(code: ErrorCode, message: string, options: { path?: string; issues?: ApiError['issues']; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'EchelonError';
    this.code = code;
    this.path = options.path;
    this.issues = options.issues;
  }

  toApiError(): ApiError {
    return { code: this.code, message: this.message, path: this.path, issues: this.issues };
  }
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.map(String).join('.');
}

/** Turns zod issues into one readable error that still lists every problem. */
export function validationError(error: z.ZodError, what: string): EchelonError {
  const issues = error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
  const first = issues[0];
  const where = first && first.path ? ` at "${first.path}"` : '';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  return new EchelonError('invalid_input', `Invalid ${what}${where}: ${first?.message ?? 'unknown problem'}${more}`, {
    path: first?.path || undefined,
    issues,
  });
}

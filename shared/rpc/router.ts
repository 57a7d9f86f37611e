import type { z } from 'zod';
import {
  contract,
  type CallerName,
  EchelonError,
  isMethodName,
  validationError,
  type ApiError,
  type MethodName,
  type MethodOutput,
  type ParsedInput,
  type Result,
} from '../contract';
import { DEFAULT_MAX_DEPTH, valueDepth } from '../limits/json-depth';

/** Who is calling: recorded by services that journal their callers. */
export type Caller = z.infer<typeof CallerName>;

export interface CallContext {
  caller: Caller;
  signal?: AbortSignal;
  /** The window or tab (one connection of a shell) the call came from: presence is per window. */
  session?: string;
}

export type Handler<M extends MethodName> = (
  input: ParsedInput<M>,
  ctx: CallContext,
) => MethodOutput<M> | Promise<MethodOutput<M>>;

/** One handler per contract method: the compiler refuses a contract method without its handler. */
export type Handlers = { [M in MethodName]: Handler<M> };

export interface RouterOptions {
  /** Removes secrets from any text that leaves the process. */
  redact?: (text: string) => string;
  /** Told about unexpected failures, with the full error, for the local log. */
  onInternalError?: (method: string, error: unknown) => void;
  /** Deepest nesting accepted in an input, checked before validation (zod recurses per level). */
  maxDepth?: number;
}

export interface Router {
  call(method: unknown, input: unknown, ctx: CallContext): Promise<Result<unknown>>;
}

export function createRouter(handlers: Handlers, options: RouterOptions = {}): Router {
  const redact = options.redact ?? ((text: string) => text);
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;

  const fail = (error: ApiError): Result<never> => ({
    ok: false,
    error: {
      ...error,
      message: redact(error.message),
      issues: error.issues?.map((issue) => ({ ...issue, message: redact(issue.message) })),
    },
  });

  return {
    async call(method, input, ctx) {
      if (!isMethodName(method)) {
        return fail({ code: 'unknown_method', message: `Unknown method "${String(method).slice(0, 100)}".` });
      }
      const definition = contract[method];
      if (valueDepth(input, maxDepth) > maxDepth) {
        return fail({ code: 'invalid_input', message: `Invalid input for ${method}: it is nested more than ${maxDepth} levels deep.` });
      }
      try {
        // Inside the try: whatever validation throws becomes an error value, never a rejection.
        const parsed = definition.input.safeParse(input ?? {});
        if (!parsed.success) return fail(validationError(parsed.error, `input for ${method}`).toApiError());
        const handler = handlers[method] as (input: unknown, ctx: CallContext) => unknown;
        const output = await handler(parsed.data, ctx);
        // Parsing the output strips anything the contract does not name, so no stray field leaks out.
        const checked = definition.output.safeParse(output);
        if (!checked.success) {
          options.onInternalError?.(method, checked.error);
          return fail({ code: 'internal', message: `${method} produced a result that does not match the contract.` });
        }
        return { ok: true, data: checked.data };
      } catch (error) {
        if (error instanceof EchelonError) return fail(error.toApiError());
        options.onInternalError?.(method, error);
        const reason = error instanceof Error ? error.message : String(error);
        return fail({ code: 'internal', message: `${method} failed: ${reason}` });
      }
    },
  };
}

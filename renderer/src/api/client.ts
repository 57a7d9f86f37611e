import type { ApiError, EventName, EventPayload, MethodInput, MethodName, MethodOutput } from '../../../shared/contract';
import { bridge } from './bridge';

/** A failed call, carrying the service's error code, message and field path. */
export class ApiRequestError extends Error {
  readonly code: ApiError['code'];
  readonly path?: string;
  readonly issues?: ApiError['issues'];

  constructor(readonly method: string, error: ApiError) {
    super(error.message);
    this.name = 'ApiRequestError';
    this.code = error.code;
    this.path = error.path;
    this.issues = error.issues;
  }
}

export async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = await bridge.invoke(method, input);
  if (!result.ok) throw new ApiRequestError(method, result.error);
  return result.data as MethodOutput<M>;
}

export function subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  return bridge.on(event, listener as (payload: unknown) => void);
}

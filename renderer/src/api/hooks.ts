import { useMutation, useQuery, useQueryClient, type QueryClient, type UseMutationOptions, type UseQueryOptions } from '@tanstack/react-query';
import { useEffect } from 'react';
import { contract, type EventName, type EventPayload, type MethodInput, type MethodName, type MethodOutput } from '../../../shared/contract';
import { call, subscribe, type ApiRequestError } from './client';

export const queryKey = <M extends MethodName>(method: M, input: MethodInput<M>) => [method, input] as const;

/** A contract method as a cached query; refreshed when a write touches a table it reads. */
export function useApiQuery<M extends MethodName>(
  method: M,
  input: MethodInput<M>,
  options: Omit<UseQueryOptions<MethodOutput<M>, ApiRequestError>, 'queryKey' | 'queryFn'> = {},
) {
  return useQuery<MethodOutput<M>, ApiRequestError>({ queryKey: queryKey(method, input), queryFn: () => call(method, input), ...options });
}

/** A contract method as a mutation. `meta: { inlineErrors: true }` keeps failures out of the global toast, for forms that show them in place. */
export function useApiMutation<M extends MethodName>(
  method: M,
  options: Omit<UseMutationOptions<MethodOutput<M>, ApiRequestError, MethodInput<M>>, 'mutationFn'> = {},
) {
  return useMutation<MethodOutput<M>, ApiRequestError, MethodInput<M>>({ mutationFn: (input) => call(method, input), ...options });
}

export function useApiEvent<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): void {
  useEffect(() => subscribe(event, listener), [event, listener]);
}

function readsAny(method: unknown, tables: readonly string[]): boolean {
  if (typeof method !== 'string' || !Object.hasOwn(contract, method)) return false;
  const reads: readonly string[] = (contract[method as MethodName] as { reads?: readonly string[] }).reads ?? [];
  return tables.includes('*') || reads.includes('*') || reads.some((table) => tables.includes(table));
}

/** Wires `store.changed` to the query cache: only queries reading a touched table refetch. */
export function useStoreInvalidation(): void {
  const client: QueryClient = useQueryClient();
  useEffect(
    () =>
      subscribe('store.changed', ({ tables }) => {
        void client.invalidateQueries({ predicate: (query) => readsAny(query.queryKey[0], tables) });
      }),
    [client],
  );
}

import { EchelonError, type MethodInput, type MethodName, type MethodOutput } from '../../shared/contract';
import type { Caller } from '../../shared/rpc/router';
import type { Host } from '../main/services/host';

/** Calls a contract method as the CLI, through the same router the UI uses; failures throw. */
export async function callOrThrow<M extends MethodName>(host: Host, method: M, input: MethodInput<M>, caller: Caller = 'cli'): Promise<MethodOutput<M>> {
  const result = await host.router.call(method, input, { caller });
  if (!result.ok) throw new EchelonError(result.error.code, result.error.message, { path: result.error.path, issues: result.error.issues });
  return result.data as MethodOutput<M>;
}

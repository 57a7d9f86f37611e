import { createHost, type Host } from '../../electron/main/services/host';
import { MemoryKeyValueStore } from '../../electron/main/services/preferences/preferences-service';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/contract';
import { EchelonError } from '../../shared/contract';
import { MemoryVault } from './memory-vault';

export interface TestHost {
  host: Host;
  vault: MemoryVault;
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
}

/** A real host on a temp data dir, with an in-memory vault that registers its values with the redactor. */
export function createTestHost(dataDir: string, env?: NodeJS.ProcessEnv): TestHost {
  const vault = new MemoryVault();
  const host = createHost({ shell: 'cli', dataDir, preferences: new MemoryKeyValueStore(), credentials: vault, env });
  vault.redactor = host.redactor;
  return {
    host,
    vault,
    async call(method, input) {
      const result = await host.router.call(method, input, { caller: 'test' });
      if (!result.ok) throw new EchelonError(result.error.code, result.error.message, { path: result.error.path });
      return result.data as never;
    },
  };
}

import type { Host } from '../../electron/main/services/host';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/contract';
import { EchelonError } from '../../shared/contract';
import { openUnlockedHost } from './vault';

export interface TestHost {
  host: Host;
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
}

/** A real host on a temp data dir, with the real vault open (created, or unlocked when the dir has one). */
export async function createTestHost(dataDir: string, env?: NodeJS.ProcessEnv): Promise<TestHost> {
  const host = await openUnlockedHost(dataDir, { shell: 'cli', env });
  return {
    host,
    async call(method, input) {
      const result = await host.router.call(method, input, { caller: 'test' });
      if (!result.ok) throw new EchelonError(result.error.code, result.error.message, { path: result.error.path });
      return result.data as never;
    },
  };
}

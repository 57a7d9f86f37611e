import type { Host } from '../../electron/main/services/host';
import type { BrowserOpener } from '../../electron/main/services/integrations/auth/browser-opener';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/contract';
import { tempDir } from './temp-dir';
import { openUnlockedHost } from './vault';

export interface IntegrationsHost {
  host: Host;
  dataDir: string;
  /** A contract call through the router, as the renderer makes it; throws on an error result. */
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  /** The raw result, for asserting on errors. */
  attempt(method: MethodName, input: unknown): Promise<Awaited<ReturnType<Host['router']['call']>>>;
}

/** A host on a fresh data dir (removed after the test, unless given), with the real vault created and unlocked. */
export async function integrationsHost(options: { browser?: BrowserOpener; shell?: 'cli' | 'serve'; dataDir?: string } = {}): Promise<IntegrationsHost> {
  const dataDir = options.dataDir ?? tempDir('echelon-integrations-');
  const host = await openUnlockedHost(dataDir, { shell: options.shell ?? 'cli', browser: options.browser, echo: () => {} });
  return {
    host,
    dataDir,
    async call(method, input) {
      const result = await host.router.call(method, input, { caller: 'test' });
      if (!result.ok) throw Object.assign(new Error(`${method}: ${result.error.code}: ${result.error.message}`), { error: result.error });
      return result.data as never;
    },
    attempt: (method, input) => host.router.call(method, input, { caller: 'test' }),
  };
}

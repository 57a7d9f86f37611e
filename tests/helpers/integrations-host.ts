import { createHost, type Host } from '../../electron/main/services/host';
import type { BrowserOpener } from '../../electron/main/services/integrations/auth/browser-opener';
import { MemoryKeyValueStore } from '../../electron/main/services/preferences/preferences-service';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/contract';
import { MemoryCredentialStore } from './memory-credentials';
import { tempDir } from './temp-dir';

export interface IntegrationsHost {
  host: Host;
  credentials: MemoryCredentialStore;
  dataDir: string;
  /** A contract call through the router, as the renderer makes it; throws on an error result. */
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  /** The raw result, for asserting on errors. */
  attempt(method: MethodName, input: unknown): Promise<Awaited<ReturnType<Host['router']['call']>>>;
}

/** A host on a fresh data dir with an in-memory vault that registers values with the host's redactor. */
export function integrationsHost(options: { browser?: BrowserOpener; shell?: 'cli' | 'serve' } = {}): IntegrationsHost {
  const dataDir = tempDir('echelon-integrations-');
  const credentials = new MemoryCredentialStore();
  const host = createHost({ shell: options.shell ?? 'cli', dataDir, preferences: new MemoryKeyValueStore(), credentials, browser: options.browser, echo: () => {} });
  credentials.redactor = host.redactor;
  return {
    host,
    credentials,
    dataDir,
    async call(method, input) {
      const result = await host.router.call(method, input, { caller: 'test' });
      if (!result.ok) throw Object.assign(new Error(`${method}: ${result.error.code}: ${result.error.message}`), { error: result.error });
      return result.data as never;
    },
    attempt: (method, input) => host.router.call(method, input, { caller: 'test' }),
  };
}

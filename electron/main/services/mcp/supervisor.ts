import type { Disposable } from '../../../../shared/lifecycle/disposable';
import { ServerRuntime, type RuntimeEnvironment } from './server-runtime';
import type { StoredServer } from './server-repository';

/** Every server's runtime, by definition id: created on demand, stopped together on dispose. */
export class Supervisor implements Disposable {
  private readonly runtimes = new Map<string, ServerRuntime>();

  constructor(private readonly env: RuntimeEnvironment) {}

  runtime(server: StoredServer): ServerRuntime {
    let runtime = this.runtimes.get(server.id);
    if (!runtime) {
      runtime = new ServerRuntime(server, this.env);
      this.runtimes.set(server.id, runtime);
    } else runtime.setDefinition(server);
    return runtime;
  }

  existing(id: string): ServerRuntime | undefined {
    return this.runtimes.get(id);
  }

  all(): ServerRuntime[] {
    return [...this.runtimes.values()];
  }

  async remove(id: string): Promise<void> {
    const runtime = this.runtimes.get(id);
    this.runtimes.delete(id);
    await runtime?.dispose();
  }

  /** Stops every server at once (each kills its own process tree), so quitting takes one grace period, not one per server. */
  async dispose(): Promise<void> {
    const runtimes = [...this.runtimes.values()];
    this.runtimes.clear();
    await Promise.all(runtimes.map((runtime) => runtime.dispose()));
  }
}

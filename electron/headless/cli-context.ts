import Conf from 'conf';
import { createHost, type Host } from '../main/services/host';
import type { GatewayLaunch } from '../main/services/mcp/config-export';
import { prepareDataDir, resolveDataDir } from '../main/services/store/data-dir';
import { PASSPHRASE_ENV } from './vault-passphrase';

/** Runs `run` with a host, and disposes the host whatever happens. */
export async function withHost<T>(opening: Host | Promise<Host>, run: (host: Host) => Promise<T>): Promise<T> {
  const host = await opening;
  try {
    return await run(host);
  } finally {
    await host.dispose();
  }
}

/** A mistake in how the command was called: exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/** What every command needs: the data dir the global options chose, and a host opened on demand. */
export class CliContext {
  /** A command that succeeded as a command but reports a failure (a tool's `isError`) sets 1 here. */
  exitCode = 0;

  constructor(
    readonly io: CliIo,
    private readonly globalOptions: () => { dataDir?: string },
  ) {}

  get dataDir(): string {
    return resolveDataDir(this.globalOptions().dataDir);
  }

  openHost(shell: Host['info']['shell'] = 'cli'): Host {
    const dataDir = this.dataDir;
    // Before anything writes there (preferences included), so an unusable folder gets one clear message.
    prepareDataDir(dataDir);
    return createHost({
      shell,
      dataDir,
      preferences: new Conf<Record<string, unknown>>({ cwd: dataDir, configName: 'preferences', projectName: 'echelon', configFileMode: 0o600 }),
      echo: (line) => this.io.err(`${line}\n`),
      gatewayLaunch: this.gatewayLaunch(dataDir),
      // Set when the desktop app runs this CLI under its own Node: better-sqlite3 built for that ABI.
      sqliteBinding: process.env.ECHELON_SQLITE_BINDING || undefined,
    });
  }

  /**
   * A host whose vault is unlocked when ECHELON_VAULT_PASSPHRASE is set, for commands that run
   * servers, connections or workflows that may need secrets. A wrong passphrase is reported and
   * the vault stays locked: only what needs a secret then fails, with its own clear message.
   */
  async openHostWithVault(shell: Host['info']['shell'] = 'cli'): Promise<Host> {
    const host = this.openHost(shell);
    const passphrase = process.env[PASSPHRASE_ENV];
    if (passphrase) {
      try {
        await host.vault.start({ passphrase });
      } catch (error) {
        this.io.err(`echelon: the vault stays locked: ${(error as Error).message}\n`);
      }
    }
    return host;
  }

  /** This very CLI, run by this Node: what an AI client's config launches for the gateway. */
  gatewayLaunch(dataDir: string): GatewayLaunch {
    const script = process.argv[1];
    const cli = script ? [script] : [];
    return { command: process.execPath, args: [...cli, 'mcp', 'gateway', '--data-dir', dataDir] };
  }

  printJson(value: unknown): void {
    this.io.out(`${JSON.stringify(value, null, 2)}\n`);
  }
}

import type { Host } from '../main/services/host';
import type { GatewayLaunch } from '../main/services/mcp/config-export';
import type { KeyValueStore } from '../main/services/preferences/preferences-service';
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
/**
 * `echelon serve` keeps the UI's preferences in the data dir (conf, as the desktop app does).
 * Other commands never read them, so they skip loading conf (~0.2 s of every command's start).
 */
async function openPreferences(shell: Host['info']['shell'], dataDir: string): Promise<KeyValueStore> {
  if (shell !== 'serve') return new (await import('../main/services/preferences/preferences-service')).MemoryKeyValueStore();
  const { default: Conf } = await import('conf');
  return new Conf<Record<string, unknown>>({ cwd: dataDir, configName: 'preferences', projectName: 'echelon', configFileMode: 0o600 });
}

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

  /** Messages already printed on stderr (log warnings echoed), so a failure is not said twice. */
  readonly said = new Set<string>();

  get dataDir(): string {
    const flag = this.globalOptions().dataDir;
    // An empty value is a mistake (an unset variable in a script), never a wish for the default.
    if (flag === '') throw new UsageError('--data-dir is empty: give a folder, or leave the option out to use $ECHELON_DATA_DIR or ~/.echelon.');
    if (flag === undefined && process.env.ECHELON_DATA_DIR === '') throw new UsageError('ECHELON_DATA_DIR is set but empty: give it a folder, or unset it to use ~/.echelon.');
    return resolveDataDir(flag);
  }

  /** A log line (JSON) echoed as a sentence: `echelon: warning: …`. */
  private echo(line: string): void {
    let entry: { level?: string; message?: string; executionId?: number };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      entry = { message: line };
    }
    // How a run went is what the command itself reports, in its own words.
    if (entry.executionId !== undefined) return;
    const message = entry.message ?? line;
    this.said.add(message);
    this.io.err(`echelon: ${entry.level === 'warn' ? 'warning: ' : ''}${message}\n`);
  }

  /** Loaded on first use: `--help`, `workflow validate` or a command `serve` answers start without the engine's modules. */
  async openHost(shell: Host['info']['shell'] = 'cli'): Promise<Host> {
    const dataDir = this.dataDir;
    // Before anything writes there (preferences included), so an unusable folder gets one clear message.
    prepareDataDir(dataDir);
    const [{ createHost }, preferences] = await Promise.all([import('../main/services/host'), openPreferences(shell, dataDir)]);
    return createHost({
      shell,
      dataDir,
      preferences,
      echo: (line) => this.echo(line),
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
    const host = await this.openHost(shell);
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

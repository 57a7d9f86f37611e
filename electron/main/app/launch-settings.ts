/**
 * Every setting the desktop app takes from its command line and environment, read once at start.
 * Development switches (a dev server for the UI, a SQLite driver from elsewhere, DevTools) are
 * honoured only when the app is not packaged: whoever controls a packaged app's launch must not be
 * able to load a remote page into its privileged window or a native module into its process.
 */
export interface LaunchSettings {
  /** Electron runs this app from a package (`app.isPackaged`). */
  packaged: boolean;
  /** Development switches are honoured: never when packaged, nor under `--as-packaged`. */
  development: boolean;
  /** `--mcp-stdio`: no window, the MCP gateway on stdin/stdout for an AI client. */
  mode: 'window' | 'mcp-stdio';
  /** `--data-dir DIR`, else ECHELON_DATA_DIR, as given (resolved later, against the user-data folder when absent). */
  dataDir?: string;
  /** The AppImage file this copy runs from (`$APPIMAGE`, set by the AppImage runtime). */
  appImage?: string;
  /** An `echelon://` address the app was opened with. */
  deepLink?: string;
  /** The electron-vite dev server serving the UI (development only). */
  rendererUrl?: string;
  /** better-sqlite3 built for Electron's ABI by `npm start` (development only). */
  sqliteBinding?: string;
  devTools: boolean;
  vaultPassphrase?: string;
  webhookPort: number;
  /** 0: any free port. */
  gatewayPort: number;
  /** Development switches that were set but not honoured, by name, for the log. */
  ignored: string[];
  /** Switches that would hand a packaged app to whoever launched it; such a launch is refused. */
  forbidden: string[];
}

export const DEEP_LINK_SCHEME = 'echelon';
const MCP_STDIO = '--mcp-stdio';
const AS_PACKAGED = '--as-packaged';

/**
 * Chromium and Node switches that give the launcher a debugger or a process of its choosing inside
 * the app. The fuses already make a packaged Electron ignore Node's; Chromium's have no fuse.
 */
const FORBIDDEN_WHEN_PACKAGED = [
  'remote-debugging-port',
  'remote-debugging-pipe',
  'inspect',
  'inspect-brk',
  'inspect-port',
  'renderer-cmd-prefix',
  'gpu-launcher',
  'utility-cmd-prefix',
  'browser-subprocess-path',
];

/** The value of `--name VALUE` or `--name=VALUE`, the last one given. */
export function switchValue(argv: readonly string[], name: string): string | undefined {
  let value: string | undefined;
  argv.forEach((arg, index) => {
    if (arg === `--${name}` && index + 1 < argv.length) value = argv[index + 1];
    else if (arg.startsWith(`--${name}=`)) value = arg.slice(name.length + 3);
  });
  return value || undefined;
}

function hasSwitch(argv: readonly string[], name: string): boolean {
  return argv.some((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
}

/** The first `echelon:` argument: the OS hands deep links to the app on its command line (Windows, Linux). */
export function deepLinkOf(argv: readonly string[]): string | undefined {
  return argv.find((arg) => arg.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}:`));
}

function port(raw: string | undefined, fallback: number): number {
  if (!raw) return fallback;
  const value = Number(raw);
  return Number.isInteger(value) && value >= 0 && value <= 65_535 ? value : fallback;
}

export function readLaunchSettings(input: { argv: readonly string[]; env: NodeJS.ProcessEnv; packaged: boolean }): LaunchSettings {
  const { argv, env, packaged } = input;
  const development = !packaged && !argv.includes(AS_PACKAGED);
  const requested = {
    rendererUrl: env.ELECTRON_RENDERER_URL || undefined,
    sqliteBinding: env.ECHELON_SQLITE_BINDING || undefined,
  };
  const ignored = development
    ? []
    : [requested.rendererUrl && 'ELECTRON_RENDERER_URL', requested.sqliteBinding && 'ECHELON_SQLITE_BINDING'].filter((name): name is string => Boolean(name));
  return {
    packaged,
    development,
    mode: argv.includes(MCP_STDIO) ? 'mcp-stdio' : 'window',
    dataDir: switchValue(argv, 'data-dir') ?? (env.ECHELON_DATA_DIR || undefined),
    appImage: env.APPIMAGE || undefined,
    deepLink: deepLinkOf(argv),
    rendererUrl: development ? requested.rendererUrl : undefined,
    sqliteBinding: development ? requested.sqliteBinding : undefined,
    devTools: development,
    vaultPassphrase: env.ECHELON_VAULT_PASSPHRASE || undefined,
    webhookPort: port(env.ECHELON_WEBHOOK_PORT, 4322) || 4322,
    gatewayPort: port(env.ECHELON_GATEWAY_PORT, 0),
    ignored,
    forbidden: packaged ? FORBIDDEN_WHEN_PACKAGED.filter((name) => hasSwitch(argv, name)) : [],
  };
}

/** The arguments for the gateway entry an AI client launches (after the executable, and the app path in development). */
export function mcpStdioArgs(dataDir: string): string[] {
  return [MCP_STDIO, '--data-dir', dataDir];
}

import fs from 'node:fs';
import path from 'node:path';
import { EchelonError } from '../../../../shared/contract';
import { mergePaths, type LoginShellPath } from './login-shell-path';

export interface ResolvedCommand {
  /** Absolute path of the executable. */
  file: string;
  /** The PATH to give the child (a login-shell PATH adds the dirs `#!/usr/bin/env node` needs). */
  pathValue: string;
  /** Set when the command was found only through the login shell: said in the server's log. */
  notice?: string;
}

export interface ResolveOptions {
  cwd: string;
  /** The PATH the child would get: the server's own PATH variable, else Echelon's. */
  pathValue: string;
  platform?: NodeJS.Platform;
  pathExt?: string;
  loginShellPath: () => Promise<LoginShellPath | undefined>;
}

function isExecutable(file: string, platform: NodeJS.Platform): boolean {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) return false;
    if (platform !== 'win32') fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** On Windows `npx` is `npx.cmd`: try each PATHEXT extension, as cmd.exe does. */
function candidates(base: string, platform: NodeJS.Platform, pathExt: string): string[] {
  if (platform !== 'win32') return [base];
  const extensions = pathExt.split(';').filter(Boolean);
  const hasExtension = extensions.some((ext) => base.toLowerCase().endsWith(ext.toLowerCase()));
  return hasExtension ? [base] : [...extensions.map((ext) => base + ext.toLowerCase()), base];
}

export function searchPath(command: string, pathValue: string, platform: NodeJS.Platform, pathExt: string): string | undefined {
  const delimiter = platform === 'win32' ? ';' : ':';
  for (const dir of pathValue.split(delimiter)) {
    if (!dir) continue;
    for (const file of candidates(path.join(dir.replace(/^"(.*)"$/, '$1'), command), platform, pathExt)) {
      if (isExecutable(file, platform)) return file;
    }
  }
  return undefined;
}

/**
 * Finds the executable a server's `command` names: a path as given, else on the PATH, else on
 * the user's login-shell PATH. When it is nowhere, the error says which PATHs were searched.
 */
export async function resolveCommand(command: string, options: ResolveOptions): Promise<ResolvedCommand> {
  const platform = options.platform ?? process.platform;
  const pathExt = options.pathExt ?? '.COM;.EXE;.BAT;.CMD';
  const delimiter = platform === 'win32' ? ';' : ':';
  const hasSeparator = command.includes('/') || (platform === 'win32' && command.includes('\\'));
  if (hasSeparator || path.isAbsolute(command)) {
    const absolute = path.resolve(options.cwd, command);
    const file = candidates(absolute, platform, pathExt).find((candidate) => isExecutable(candidate, platform));
    if (!file) {
      const exists = fs.existsSync(absolute);
      throw new EchelonError('invalid_input', exists ? `"${absolute}" is not an executable file: check its permissions (chmod +x).` : `The command "${absolute}" does not exist.`, {
        path: 'transport.command',
      });
    }
    return { file, pathValue: options.pathValue };
  }

  const onPath = searchPath(command, options.pathValue, platform, pathExt);
  if (onPath) return { file: onPath, pathValue: options.pathValue };

  const login = await options.loginShellPath();
  const inLoginShell = login ? searchPath(command, login.path, platform, pathExt) : undefined;
  if (login && inLoginShell) {
    return {
      file: inLoginShell,
      pathValue: mergePaths(login.path, options.pathValue, delimiter),
      notice: `"${command}" is not on Echelon's PATH (searched PATH ${options.pathValue || '(empty)'}); found at ${inLoginShell} through your login shell (${login.shell}), using it.`,
    };
  }
  const loginPart = login
    ? ` and your login shell's PATH (${login.shell}: ${login.path})`
    : platform === 'win32'
      ? ''
      : ' (your login shell could not be asked for its PATH)';
  throw new EchelonError(
    'invalid_input',
    `Cannot find "${command}": searched PATH ${options.pathValue || '(empty)'}${loginPart}. Install it, or set the command to its absolute path.`,
    { path: 'transport.command' },
  );
}

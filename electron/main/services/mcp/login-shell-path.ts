import { spawn } from 'node:child_process';

export interface LoginShellPath {
  shell: string;
  path: string;
}

const START = '__ECHELON_ENV_START__';
const END = '__ECHELON_ENV_END__';
const TIMEOUT_MS = 5000;

/**
 * The PATH the user's login shell sets up (nvm, Homebrew, pyenv, ~/.local/bin...). Apps started
 * from the Dock or a desktop menu inherit a bare PATH without them, which is why `npx` or `uvx`
 * are "not found" there. Runs `$SHELL -ilc env` between markers, as VS Code does, since rc files
 * may print banners. Undefined on Windows (GUI apps get the full PATH there) or if the shell fails.
 */
export function readLoginShellPath(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): Promise<LoginShellPath | undefined> {
  if (platform === 'win32') return Promise.resolve(undefined);
  const shell = env.SHELL || '/bin/sh';
  return new Promise((resolve) => {
    let output = '';
    let child;
    try {
      child = spawn(shell, ['-ilc', `echo ${START}; env; echo ${END}`], {
        // Detached: an interactive shell must not take over Echelon's terminal.
        detached: true,
        stdio: ['ignore', 'pipe', 'ignore'],
        env: { ...env, ECHELON_RESOLVING_SHELL_ENV: '1' },
      });
    } catch {
      resolve(undefined);
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, TIMEOUT_MS);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.once('error', () => {
      clearTimeout(timer);
      resolve(undefined);
    });
    child.once('close', () => {
      clearTimeout(timer);
      const block = output.slice(output.indexOf(START) + START.length, output.lastIndexOf(END));
      const line = block.split('\n').find((entry) => entry.startsWith('PATH='));
      resolve(output.includes(START) && line ? { shell, path: line.slice('PATH='.length).trim() } : undefined);
    });
  });
}

/** Both PATHs, the login shell's first, without duplicates. */
export function mergePaths(first: string, second: string | undefined, delimiter: string): string {
  const seen = new Set<string>();
  return [...first.split(delimiter), ...(second ?? '').split(delimiter)].filter((dir) => dir && !seen.has(dir) && seen.add(dir)).join(delimiter);
}

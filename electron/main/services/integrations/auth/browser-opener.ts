import { spawn } from 'node:child_process';

/**
 * Opens a URL in the person's own browser: the OAuth 2.0 authorization page. The Electron
 * shell passes `shell.openExternal`; headless, the URL is printed and handed to the OS opener.
 */
export interface BrowserOpener {
  open(url: string): Promise<void>;
}

function osOpener(): [string, string[]] {
  if (process.platform === 'darwin') return ['open', []];
  if (process.platform === 'win32') return ['cmd', ['/c', 'start', '""']];
  return ['xdg-open', []];
}

/** Headless: prints the URL (there may be no desktop at all) and tries the OS opener. */
export function headlessBrowserOpener(print: (line: string) => void): BrowserOpener {
  return {
    async open(url) {
      print(`Open this URL in a browser to authorize the connection: ${url}`);
      const [command, args] = osOpener();
      await new Promise<void>((resolve) => {
        const child = spawn(command, [...args, url], { stdio: 'ignore', detached: true });
        // No opener (a server without a desktop) is fine: the URL was printed.
        child.once('error', () => resolve());
        child.once('spawn', () => {
          child.unref();
          resolve();
        });
      });
    },
  };
}

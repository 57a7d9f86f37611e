import { shell } from 'electron';

/** Web addresses only: a `file:`, `smb:` or custom-scheme URL handed to the OS could run a program. */
export function browserUrl(raw: string): URL | undefined {
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The app's one way out to the person's browser (links, the OAuth sign-in page): http and https
 * only, opened as parsed, so what was checked is what the OS receives.
 */
export async function openInBrowser(raw: string): Promise<void> {
  const url = browserUrl(raw);
  if (!url) {
    const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(raw)?.[0] ?? 'an address without a scheme';
    throw new Error(`Echelon opens only http and https addresses in the browser, not ${scheme}.`);
  }
  await shell.openExternal(url.href);
}

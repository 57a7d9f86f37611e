import type { AppUrls } from './app-url';

/** The one permission the UI needs: writing to the clipboard, for its copy buttons. */
const GRANTED = new Set(['clipboard-sanitized-write']);

/** Granted only to the main frame of our own UI; everything else, to everyone, is denied. */
export function isPermissionGranted(permission: string, frame: { isMainFrame: boolean; requestingUrl?: string }, urls: Pick<AppUrls, 'isAppUrl'>): boolean {
  return GRANTED.has(permission) && frame.isMainFrame && frame.requestingUrl !== undefined && urls.isAppUrl(frame.requestingUrl);
}

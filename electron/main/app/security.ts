import { app, session, shell } from 'electron';
import { contentSecurityPolicy } from '../../../shared/security/csp';
import { devServerUrl, isAppUrl, isExternalWebUrl } from './app-url';

function openExternally(url: string): void {
  if (isExternalWebUrl(url)) void shell.openExternal(url);
}

/**
 * Electron's security checklist in one place: no new windows, no navigation away from
 * the app, no webviews, no permissions, and a CSP on every response.
 */
export function applySecurityPolicy(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(({ url }) => {
      openExternally(url);
      return { action: 'deny' };
    });
    const guard = (event: { preventDefault(): void }, url: string) => {
      if (isAppUrl(url)) return;
      event.preventDefault();
      openExternally(url);
    };
    contents.on('will-navigate', guard);
    contents.on('will-redirect', guard);
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);

  // The dev server needs inline scripts and a socket for hot reload; production gets the strict policy.
  const dev = devServerUrl();
  const policy = dev
    ? contentSecurityPolicy([new URL(dev).origin.replace(/^http/, 'ws')]).replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
    : contentSecurityPolicy();
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [policy] } });
  });
}

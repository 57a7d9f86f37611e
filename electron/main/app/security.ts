import { app, session } from 'electron';
import { contentSecurityPolicy } from '../../../shared/security/csp';
import type { Logger } from '../services/logging/logger';
import type { AppUrls } from './app-url';
import { openInBrowser } from './external-browser';
import { isPermissionGranted } from './permissions';

/** The policy of the UI: strict, or the dev server's (inline scripts, hot-reload socket) where the launch settings allow one. */
export function uiContentSecurityPolicy(urls: Pick<AppUrls, 'devServerOrigin'>): string {
  return urls.devServerOrigin ? contentSecurityPolicy([urls.devServerOrigin.replace(/^http/, 'ws')], { development: true }) : contentSecurityPolicy();
}

/**
 * Electron's security checklist in one place: no new windows, no navigation away from the app,
 * no webviews, no permission but the clipboard write of our own UI, and a CSP on every response.
 * Links leave for the browser through the one helper that allows only http and https.
 */
export function applySecurityPolicy(urls: AppUrls, logger: Pick<Logger, 'warn'>): void {
  const openExternally = (url: string) =>
    openInBrowser(url).catch((error: unknown) => logger.warn('security', 'Did not open a link', { reason: error instanceof Error ? error.message : String(error) }));
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(({ url }) => {
      void openExternally(url);
      return { action: 'deny' };
    });
    const guard = (event: { preventDefault(): void }, url: string) => {
      if (urls.isAppUrl(url)) return;
      event.preventDefault();
      void openExternally(url);
    };
    contents.on('will-navigate', guard);
    contents.on('will-redirect', guard);
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const granted = isPermissionGranted(permission, details, urls);
    if (!granted) logger.warn('security', 'Denied a permission request', { permission, mainFrame: details.isMainFrame });
    callback(granted);
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    isPermissionGranted(permission, { isMainFrame: details.isMainFrame, requestingUrl: details.requestingUrl ?? requestingOrigin }, urls),
  );

  const policy = uiContentSecurityPolicy(urls);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [policy] } });
  });
}

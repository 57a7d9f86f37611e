import { fileURLToPath } from 'node:url';
import { protocol } from 'electron';
import { readStaticFile } from '../services/renderer-assets/static-files';
import { contentSecurityPolicy } from '../../../shared/security/csp';
import { APP_HOST, APP_SCHEME } from './app-url';

export const RENDERER_DIR = fileURLToPath(new URL('../renderer/', import.meta.url));

/** Must run before `app` is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** Serves the built renderer from `app://echelon/`, confined to its folder. */
export function serveRenderer(): void {
  protocol.handle(APP_SCHEME, (request) => {
    const url = new URL(request.url);
    const file = url.host === APP_HOST ? readStaticFile(RENDERER_DIR, url.pathname) : undefined;
    if (!file) return new Response('Not found', { status: 404 });
    return new Response(new Uint8Array(file.body), {
      headers: { 'Content-Type': file.contentType, 'Content-Security-Policy': contentSecurityPolicy(), 'X-Content-Type-Options': 'nosniff' },
    });
  });
}

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

/** The response to `app://` requests: a file of the built renderer, confined to its folder, else 404; both under the CSP. */
export function rendererResponse(requestUrl: string, rendererDir = RENDERER_DIR): Response {
  const url = new URL(requestUrl);
  const file = url.host === APP_HOST ? readStaticFile(rendererDir, url.pathname) : undefined;
  const headers = { 'Content-Security-Policy': contentSecurityPolicy(), 'X-Content-Type-Options': 'nosniff' };
  if (!file) return new Response('Not found', { status: 404, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' } });
  return new Response(new Uint8Array(file.body), { headers: { ...headers, 'Content-Type': file.contentType } });
}

/** Serves the built renderer from `app://echelon/`. */
export function serveRenderer(): void {
  protocol.handle(APP_SCHEME, (request) => rendererResponse(request.url));
}

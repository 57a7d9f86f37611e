import http from 'node:http';
import type { AddressInfo } from 'node:net';

const PAGE = (title: string, text: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>` +
  `<body style="font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;line-height:1.5"><h1>${title}</h1><p>${text}</p></body></html>`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export interface LoopbackCallback {
  /** `http://127.0.0.1:<port>/callback`, the redirect URI to register. */
  redirectUri: string;
  /** Resolves with the full callback URL once the browser comes back; the handler's verdict is shown to the person. */
  handle(onCallback: (url: URL) => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

/**
 * A one-shot HTTP server on 127.0.0.1 (RFC 8252 loopback redirect): the provider sends the
 * browser back to it with the authorization code. It answers only `/callback`, once.
 */
export async function startLoopbackCallback(): Promise<LoopbackCallback> {
  let onRequest: ((request: http.IncomingMessage, response: http.ServerResponse) => void) | undefined;
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (request.method !== 'GET' || url.pathname !== '/callback' || !onRequest) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    onRequest(request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const redirectUri = `http://127.0.0.1:${port}/callback`;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });

  return {
    redirectUri,
    handle: (onCallback) =>
      new Promise<void>((resolve, reject) => {
        onRequest = (request, response) => {
          onRequest = undefined;
          const url = new URL(request.url ?? '/', redirectUri);
          onCallback(url).then(
            () => {
              response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE('Connected', 'Echelon received the authorization. You can close this tab.'));
              resolve();
            },
            (error: unknown) => {
              const message = escapeHtml(error instanceof Error ? error.message : String(error));
              response.writeHead(400, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE('Authorization failed', message));
              reject(error);
            },
          );
        };
      }),
    close,
  };
}

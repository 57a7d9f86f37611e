export interface CspOptions {
  /**
   * The development server's policy: Vite's hot reload injects inline scripts and styles. Only the
   * Electron shell asks for it, and only outside a packaged app.
   */
  development?: boolean;
}

/**
 * The Content-Security-Policy of the UI in both shells: only our own scripts and styles,
 * no inline code, no plugins, no framing. `connect` adds the API endpoint where it is a socket.
 */
export function contentSecurityPolicy(connect: readonly string[] = [], options: CspOptions = {}): string {
  const inline = options.development ? " 'unsafe-inline'" : '';
  return [
    "default-src 'self'",
    `script-src 'self'${inline}`,
    `style-src 'self'${inline}`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    ["connect-src 'self'", ...connect].join(' '),
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

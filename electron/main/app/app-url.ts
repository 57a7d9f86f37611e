/** The renderer is served from this privileged custom scheme in production builds. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'echelon';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** electron-vite sets this in development to its dev server. */
export const devServerUrl = (): string | undefined => process.env.ELECTRON_RENDERER_URL;

/** True for URLs of our own UI: compared by parsed origin, never by string prefix. */
export function isAppUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    if (url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST) return true;
    const dev = devServerUrl();
    return dev !== undefined && url.origin === new URL(dev).origin;
  } catch {
    return false;
  }
}

export function isExternalWebUrl(raw: string): boolean {
  try {
    const protocol = new URL(raw).protocol;
    return protocol === 'https:' || protocol === 'http:' || protocol === 'mailto:';
  } catch {
    return false;
  }
}

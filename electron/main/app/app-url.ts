/** The renderer is served from this privileged custom scheme in production builds. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'echelon';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** Where the UI comes from, and which URLs are the UI's own. */
export interface AppUrls {
  /** The page the window loads. */
  readonly start: string;
  /** The development server's origin, when the launch settings allowed one. */
  readonly devServerOrigin?: string;
  /** True for URLs of our own UI: compared by parsed origin, never by string prefix. */
  isAppUrl(raw: string): boolean;
}

/** `rendererUrl`: electron-vite's dev server, already vetted by the launch settings (development only). */
export function appUrls(rendererUrl?: string): AppUrls {
  const devServerOrigin = rendererUrl ? new URL(rendererUrl).origin : undefined;
  return {
    start: rendererUrl ?? `${APP_ORIGIN}/index.html`,
    devServerOrigin,
    isAppUrl(raw) {
      try {
        const url = new URL(raw);
        if (url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST) return true;
        return devServerOrigin !== undefined && url.origin === devServerOrigin;
      } catch {
        return false;
      }
    },
  };
}

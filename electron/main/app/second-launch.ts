import path from 'node:path';
import { z } from 'zod';
import { Page } from '../../../shared/contract';
import { DEEP_LINK_SCHEME, deepLinkOf, switchValue } from './launch-settings';

/**
 * What a later launch hands the running app, as `requestSingleInstanceLock`'s additional data:
 * its exact arguments and folder (Electron's own `argv` in `second-instance` may be reordered).
 */
export const LaunchRequest = z.object({ argv: z.array(z.string()).max(1000), cwd: z.string() });
export type LaunchRequest = z.infer<typeof LaunchRequest>;

/** The page an `echelon://<page>` address opens; anything else opens nothing. */
export function pageOfDeepLink(raw: string): Page | undefined {
  try {
    const url = new URL(raw);
    if (url.protocol !== `${DEEP_LINK_SCHEME}:`) return undefined;
    const name = (url.host || url.pathname).replace(/^\/+|\/+$/g, '');
    const page = Page.safeParse(name);
    return page.success ? page.data : undefined;
  } catch {
    return undefined;
  }
}

/** The arguments to relaunch with on another data dir: the same ones, without a data dir or a deep link. */
export function relaunchArgs(args: readonly string[], dataDir: string): string[] {
  const kept: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (arg === '--data-dir') index++;
    else if (!arg.startsWith('--data-dir=') && !arg.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}:`)) kept.push(arg);
  }
  return [...kept, '--data-dir', dataDir];
}

export interface RunningApp {
  /** The data dir this app has open. */
  readonly dataDir: string;
  show(): void;
  /** Shows the window on that page. */
  navigate(page: Page): void;
  /** Asks the person whether to reopen Echelon on another data dir. */
  confirmSwitch(dataDir: string): Promise<boolean>;
  relaunch(dataDir: string): void;
  /** Hands a team sign-in's `echelon://auth/callback` to the sync service. */
  completeSignIn(url: string): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

/** Where an OAuth provider sends a team sign-in back to the desktop app. */
export const AUTH_CALLBACK_URL = `${DEEP_LINK_SCHEME}://auth/callback`;

function isAuthCallback(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === `${DEEP_LINK_SCHEME}:` && url.host === 'auth' && url.pathname === '/callback';
  } catch {
    return false;
  }
}

/**
 * A deep link is a page to show, or the end of a team sign-in (whose code only the sign-in this
 * app started can redeem, PKCE): it never runs or changes anything else.
 */
export function openDeepLink(link: string, app: Pick<RunningApp, 'navigate' | 'warn' | 'completeSignIn'>): void {
  if (isAuthCallback(link)) {
    app.completeSignIn(link);
    app.navigate('team');
    return;
  }
  const page = pageOfDeepLink(link);
  if (page) app.navigate(page);
  else app.warn('Ignored a link that names no page of Echelon', { scheme: DEEP_LINK_SCHEME });
}

/**
 * A second launch hands its arguments to the running app instead of being ignored: the window
 * comes forward, a deep link opens its page, and another data dir is offered as a switch (one
 * app holds one data dir, so switching restarts it).
 */
export async function handleSecondLaunch(additionalData: unknown, fallback: LaunchRequest, app: RunningApp): Promise<void> {
  const parsed = LaunchRequest.safeParse(additionalData);
  const { argv, cwd } = parsed.success ? parsed.data : fallback;
  const link = deepLinkOf(argv);
  if (link) openDeepLink(link, app);
  if (!link || (!pageOfDeepLink(link) && !isAuthCallback(link))) app.show();
  const requested = switchValue(argv, 'data-dir');
  if (!requested) return;
  const dataDir = path.resolve(cwd, requested);
  if (dataDir !== path.resolve(app.dataDir) && (await app.confirmSwitch(dataDir))) app.relaunch(dataDir);
}

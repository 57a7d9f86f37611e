import { version } from '../../../../package.json';
import { EchelonError } from '../../../../shared/contract';
import type { Handlers } from '../../../../shared/rpc/router';
import type { DesktopPort } from './desktop-port';

type DesktopMethods = 'desktop.updates.status' | 'desktop.updates.configure' | 'desktop.updates.check' | 'desktop.updates.restart' | 'desktop.crashReports.list' | 'desktop.crashReports.reveal';

const HEADLESS_UPDATES = 'Updates come with the desktop app; update echelon serve and the CLI with npm.';

function desktopOnly(what: string): never {
  throw new EchelonError('unavailable', `${what} exist only in the desktop app.`);
}

/** The desktop port's methods, or, without one (headless), a plain "not here" for each. */
export function desktopHandlers(port: DesktopPort | undefined): Pick<Handlers, DesktopMethods> {
  const unsupported = { state: 'unsupported' as const, automatic: false, currentVersion: version, message: HEADLESS_UPDATES };
  return {
    'desktop.updates.status': () => port?.updates.status() ?? unsupported,
    'desktop.updates.configure': ({ automatic }) => port?.updates.configure(automatic) ?? unsupported,
    'desktop.updates.check': async () => (port ? port.updates.check() : unsupported),
    'desktop.updates.restart': () => {
      if (!port) desktopOnly('Updates');
      port.updates.restart();
      return {};
    },
    'desktop.crashReports.list': () => port?.crashReports.list() ?? { supported: false, folder: null, dumps: [] },
    'desktop.crashReports.reveal': ({ id }) => {
      if (!port) desktopOnly('Crash reports');
      port.crashReports.reveal(id);
      return {};
    },
  };
}

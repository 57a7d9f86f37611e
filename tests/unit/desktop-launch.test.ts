import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLaunchSettings, switchValue } from '../../electron/main/app/launch-settings';
import { handleSecondLaunch, pageOfDeepLink, relaunchArgs, type RunningApp } from '../../electron/main/app/second-launch';

const devEnv = { ELECTRON_RENDERER_URL: 'http://localhost:5173/', ECHELON_SQLITE_BINDING: '/repo/node_modules/.cache/echelon/sqlite.node' };

describe('launch settings', () => {
  it('honours the development switches when the app is not packaged', () => {
    const settings = readLaunchSettings({ argv: ['/electron', '.', '--data-dir', '/tmp/d'], env: devEnv, packaged: false });
    expect(settings).toMatchObject({
      packaged: false,
      development: true,
      mode: 'window',
      dataDir: '/tmp/d',
      rendererUrl: 'http://localhost:5173/',
      sqliteBinding: devEnv.ECHELON_SQLITE_BINDING,
      devTools: true,
      ignored: [],
      forbidden: [],
    });
  });

  it('ignores them in a packaged app, and names what it ignored', () => {
    const settings = readLaunchSettings({ argv: ['/opt/Echelon/echelon'], env: devEnv, packaged: true });
    expect(settings.development).toBe(false);
    expect(settings.rendererUrl).toBeUndefined();
    expect(settings.sqliteBinding).toBeUndefined();
    expect(settings.devTools).toBe(false);
    expect(settings.ignored).toEqual(['ELECTRON_RENDERER_URL', 'ECHELON_SQLITE_BINDING']);
  });

  it('behaves as packaged under --as-packaged, which only ever takes switches away', () => {
    const settings = readLaunchSettings({ argv: ['/electron', '.', '--as-packaged'], env: devEnv, packaged: false });
    expect(settings).toMatchObject({ packaged: false, development: false, devTools: false, rendererUrl: undefined, sqliteBinding: undefined });
    // Playwright and debuggers still attach to a development binary; only a real package refuses them.
    expect(readLaunchSettings({ argv: ['/electron', '.', '--as-packaged', '--remote-debugging-port=0'], env: {}, packaged: false }).forbidden).toEqual([]);
  });

  it('refuses, when packaged, the switches that hand the app to its launcher', () => {
    const argv = ['/opt/Echelon/echelon', '--remote-debugging-port=9222', '--inspect', '--renderer-cmd-prefix', 'gdb', '--data-dir=/d'];
    expect(readLaunchSettings({ argv, env: {}, packaged: true }).forbidden).toEqual(['remote-debugging-port', 'inspect', 'renderer-cmd-prefix']);
    expect(readLaunchSettings({ argv: ['/opt/Echelon/echelon', '--remote-debugging-portal'], env: {}, packaged: true }).forbidden).toEqual([]);
  });

  it('reads the gateway mode, the data dir, a deep link, ports and the passphrase the same way packaged or not', () => {
    for (const packaged of [true, false]) {
      const settings = readLaunchSettings({
        argv: ['/app', '--mcp-stdio', '--data-dir=/srv/echelon', 'echelon://settings'],
        env: { ECHELON_WEBHOOK_PORT: '5000', ECHELON_GATEWAY_PORT: '7000', ECHELON_VAULT_PASSPHRASE: 'pass' },
        packaged,
      });
      expect(settings).toMatchObject({ mode: 'mcp-stdio', dataDir: '/srv/echelon', deepLink: 'echelon://settings', webhookPort: 5000, gatewayPort: 7000, vaultPassphrase: 'pass' });
    }
  });

  it('falls back to the default ports on values that are not ports', () => {
    const settings = readLaunchSettings({ argv: [], env: { ECHELON_WEBHOOK_PORT: 'eighty', ECHELON_GATEWAY_PORT: '70000' }, packaged: true });
    expect(settings).toMatchObject({ webhookPort: 4322, gatewayPort: 0 });
  });

  it('takes the data dir from --data-dir, else ECHELON_DATA_DIR, and the AppImage from the AppImage runtime', () => {
    expect(readLaunchSettings({ argv: [], env: { ECHELON_DATA_DIR: '/env' }, packaged: true }).dataDir).toBe('/env');
    expect(readLaunchSettings({ argv: ['--data-dir', '/flag'], env: { ECHELON_DATA_DIR: '/env' }, packaged: true }).dataDir).toBe('/flag');
    expect(readLaunchSettings({ argv: [], env: {}, packaged: true }).dataDir).toBeUndefined();
    expect(readLaunchSettings({ argv: [], env: { APPIMAGE: '/home/ada/Echelon.AppImage' }, packaged: true }).appImage).toBe('/home/ada/Echelon.AppImage');
  });

  it('takes the last of repeated switches, in both spellings', () => {
    expect(switchValue(['--data-dir', '/a', '--data-dir=/b'], 'data-dir')).toBe('/b');
    expect(switchValue(['--data-dir'], 'data-dir')).toBeUndefined();
  });
});

describe('deep links', () => {
  it('open a page of the app and nothing else', () => {
    expect(pageOfDeepLink('echelon://settings')).toBe('settings');
    expect(pageOfDeepLink('echelon://workflows/')).toBe('workflows');
    expect(pageOfDeepLink('echelon:vault')).toBe('vault');
    expect(pageOfDeepLink('echelon://run-everything')).toBeUndefined();
    expect(pageOfDeepLink('https://settings')).toBeUndefined();
    expect(pageOfDeepLink('echelon://')).toBeUndefined();
  });
});

function runningApp(dataDir: string, answer = true) {
  const calls: string[] = [];
  const app: RunningApp = {
    dataDir,
    show: () => void calls.push('show'),
    navigate: (page) => void calls.push(`navigate ${page}`),
    confirmSwitch: async (next) => {
      calls.push(`ask ${next}`);
      return answer;
    },
    relaunch: (next) => void calls.push(`relaunch ${next}`),
    completeSignIn: (url) => void calls.push(`sign in ${url}`),
    warn: (message) => void calls.push(`warn ${message}`),
  };
  return { app, calls };
}

describe('a second launch', () => {
  const here = path.resolve('/data/current');

  it('brings the window forward and opens the page of its deep link', async () => {
    const { app, calls } = runningApp(here);
    await handleSecondLaunch({ argv: ['/app', 'echelon://executions'], cwd: '/' }, { argv: [], cwd: '/' }, app);
    expect(calls).toEqual(['navigate executions']);
  });

  it('hands a team sign-in callback to the sync service and shows the Team page, whatever the link carries', async () => {
    const { app, calls } = runningApp(here);
    const callback = 'echelon://auth/callback?code=abc&state=xyz';
    await handleSecondLaunch({ argv: ['/app', callback], cwd: '/' }, { argv: [], cwd: '/' }, app);
    expect(calls).toEqual([`sign in ${callback}`, 'navigate team']);
    const lookalike = runningApp(here);
    await handleSecondLaunch({ argv: ['/app', 'echelon://auth/elsewhere?code=abc'], cwd: '/' }, { argv: [], cwd: '/' }, lookalike.app);
    expect(lookalike.calls).toEqual(['warn Ignored a link that names no page of Echelon', 'show']);
  });

  it('offers to switch to the data dir it names, resolved against its own folder, and relaunches when accepted', async () => {
    const { app, calls } = runningApp(here);
    await handleSecondLaunch({ argv: ['/app', '--data-dir', 'other'], cwd: '/home/ada' }, { argv: [], cwd: '/' }, app);
    const other = path.resolve('/home/ada', 'other');
    expect(calls).toEqual(['show', `ask ${other}`, `relaunch ${other}`]);
  });

  it('keeps the current data dir when the person declines, and does not ask when it is the same one', async () => {
    const declined = runningApp(here, false);
    await handleSecondLaunch({ argv: ['/app', '--data-dir=/elsewhere'], cwd: '/' }, { argv: [], cwd: '/' }, declined.app);
    expect(declined.calls).toEqual(['show', `ask ${path.resolve('/elsewhere')}`]);
    const same = runningApp(here);
    await handleSecondLaunch({ argv: ['/app', '--data-dir', here], cwd: '/' }, { argv: [], cwd: '/' }, same.app);
    expect(same.calls).toEqual(['show']);
  });

  it("falls back to Electron's argv when the additional data is not a launch request, and ignores unknown links", async () => {
    const { app, calls } = runningApp(here);
    await handleSecondLaunch({ something: 'else' }, { argv: ['/app', 'echelon://format-disk'], cwd: '/' }, app);
    expect(calls).toEqual(['warn Ignored a link that names no page of Echelon', 'show']);
  });

  it('relaunches with the same arguments on the new data dir, without the old one or a deep link', () => {
    expect(relaunchArgs(['.', '--data-dir', '/a', '--as-packaged', 'echelon://vault', '--data-dir=/b'], '/c')).toEqual(['.', '--as-packaged', '--data-dir', '/c']);
  });
});

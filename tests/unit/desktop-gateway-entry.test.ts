import { afterEach, describe, expect, it } from 'vitest';
import { desktopGatewayLaunch, gatewayLaunchWarning, packagingOf, type DesktopLaunchContext } from '../../electron/main/app/gateway-launch';
import type { Host } from '../../electron/main/services/host';
import { tempDir } from '../helpers/temp-dir';
import { openHost } from '../helpers/vault';

const dataDir = '/home/ada/.config/Echelon';
const base = { dataDir, appPath: '/unused' } satisfies Partial<DesktopLaunchContext>;

describe("the desktop app's gateway entry, per packaging", () => {
  it('tells the packagings apart', () => {
    expect(packagingOf({ packaged: false, platform: 'linux', appImage: '/x.AppImage' })).toBe('development');
    expect(packagingOf({ packaged: true, platform: 'linux' })).toBe('linux-package');
    expect(packagingOf({ packaged: true, platform: 'linux', appImage: '/home/ada/Apps/Echelon.AppImage' })).toBe('appimage');
    expect(packagingOf({ packaged: true, platform: 'darwin' })).toBe('macos-bundle');
    expect(packagingOf({ packaged: true, platform: 'win32' })).toBe('windows');
  });

  it('deb and rpm: the installed executable under /opt', () => {
    expect(desktopGatewayLaunch({ ...base, packaging: 'linux-package', execPath: '/opt/Echelon/echelon' })).toEqual({
      command: '/opt/Echelon/echelon',
      args: ['--mcp-stdio', '--data-dir', dataDir],
    });
  });

  it('AppImage: the image file itself, never the mount that changes at every launch', () => {
    const launch = desktopGatewayLaunch({ ...base, packaging: 'appimage', execPath: '/tmp/.mount_EchelojK3b2/echelon', appImage: '/home/ada/Apps/Echelon-x86_64.AppImage' });
    expect(launch).toEqual({ command: '/home/ada/Apps/Echelon-x86_64.AppImage', args: ['--mcp-stdio', '--data-dir', dataDir] });
    expect(JSON.stringify(launch)).not.toContain('.mount_');
  });

  it('macOS: the executable inside the bundle, with a warning when macOS runs a translocated copy', () => {
    const execPath = '/Applications/Echelon.app/Contents/MacOS/Echelon';
    expect(desktopGatewayLaunch({ ...base, packaging: 'macos-bundle', execPath })).toEqual({ command: execPath, args: ['--mcp-stdio', '--data-dir', dataDir] });
    expect(gatewayLaunchWarning({ packaging: 'macos-bundle', execPath })).toBeUndefined();
    const translocated = '/private/var/folders/xy/T/AppTranslocation/1A2B/d/Echelon.app/Contents/MacOS/Echelon';
    expect(gatewayLaunchWarning({ packaging: 'macos-bundle', execPath: translocated })).toMatch(/Move Echelon to Applications/);
  });

  it('Windows: the installed Echelon.exe', () => {
    const execPath = 'C:\\Users\\Ada\\AppData\\Local\\Programs\\Echelon\\Echelon.exe';
    expect(desktopGatewayLaunch({ ...base, packaging: 'windows', execPath, dataDir: 'C:\\Users\\Ada\\AppData\\Roaming\\Echelon' })).toEqual({
      command: execPath,
      args: ['--mcp-stdio', '--data-dir', 'C:\\Users\\Ada\\AppData\\Roaming\\Echelon'],
    });
  });

  it('development: the Electron binary on the app folder, with the SQLite driver built for it', () => {
    expect(desktopGatewayLaunch({ ...base, packaging: 'development', execPath: '/repo/node_modules/electron/dist/electron', appPath: '/repo', sqliteBinding: '/repo/sqlite.node' })).toEqual({
      command: '/repo/node_modules/electron/dist/electron',
      args: ['/repo', '--mcp-stdio', '--data-dir', dataDir],
      env: { ECHELON_SQLITE_BINDING: '/repo/sqlite.node' },
    });
  });

  it('never runs the app as Node', () => {
    for (const packaging of ['development', 'appimage', 'linux-package', 'macos-bundle', 'windows'] as const) {
      const launch = desktopGatewayLaunch({ ...base, packaging, execPath: '/app', appImage: '/a.AppImage' });
      expect(launch.env?.ELECTRON_RUN_AS_NODE).toBeUndefined();
      expect(launch.args).toContain('--mcp-stdio');
    }
  });
});

describe('the entry as AI clients receive it', () => {
  let host: Host | undefined;
  afterEach(async () => {
    await host?.dispose();
    host = undefined;
  });

  it('is what mcp.export writes for Claude Desktop and what the gateway card shows', async () => {
    const dir = tempDir();
    const gatewayLaunch = desktopGatewayLaunch({ ...base, packaging: 'appimage', execPath: '/tmp/.mount_x/echelon', appImage: '/opt/apps/Echelon.AppImage', dataDir: dir });
    host = openHost(dir, { shell: 'electron', gatewayLaunch });
    const exported = await host.router.call('mcp.export', { entryName: 'echelon' }, { caller: 'test' });
    expect(exported).toMatchObject({ ok: true, data: { config: { mcpServers: { echelon: { command: '/opt/apps/Echelon.AppImage', args: ['--mcp-stdio', '--data-dir', dir] } } } } });
    expect(JSON.stringify(exported)).not.toContain('"env"');
    const info = await host.router.call('mcp.gateway.info', {}, { caller: 'test' });
    expect(info).toMatchObject({ ok: true, data: { stdio: gatewayLaunch } });
  });
});

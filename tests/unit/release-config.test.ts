import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { RebuildOptions } from '@electron/rebuild';
import { describe, expect, it } from 'vitest';
import { electronSqliteBinding } from '../../scripts/electron-sqlite.js';
import { releasePlan } from '../../scripts/release-plan.js';
import { REPO } from '../helpers/cli';
import { tempDir } from '../helpers/temp-dir';

const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const read = (file: string) => fs.readFileSync(path.join(REPO, file), 'utf8');

interface BuilderConfig {
  files: string[];
  electronFuses: Record<string, boolean>;
  buildDependenciesFromSource: boolean;
  mac: { hardenedRuntime: boolean; entitlements: string; entitlementsInherit: string };
  linux: { target: string[] };
  appImage: { artifactName: string };
  protocols: { schemes: string[] }[];
  publish?: unknown;
}
const config = yaml.load(read('electron-builder.yml')) as BuilderConfig;

describe('electron-builder.yml', () => {
  it("is valid for electron-builder's own schema", async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as { validateConfiguration(config: unknown, logger: unknown): Promise<void> };
    const logger = { isEnabled: false, add: () => {} };
    await expect(validateConfiguration(config, logger)).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, electronFuses: { ...config.electronFuses, runAsNod: false } }, logger)).rejects.toThrow(/configuration/);
  });

  it('flips the fuses that keep the signed app from serving as a signed Node', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('packages what the app runs, and nothing it no longer launches', () => {
    expect(config.files).toContain('out/**');
    expect(config.files.some((pattern) => pattern.startsWith('bin/'))).toBe(false);
    expect(config.buildDependenciesFromSource).toBe(true);
    expect(config.linux.target).toEqual(['AppImage', 'deb', 'rpm']);
    // A versioned AppImage name would change at each update, breaking the gateway entry that names the file.
    expect(config.appImage.artifactName).not.toContain('version');
    expect(config.protocols.flatMap((protocol) => protocol.schemes)).toEqual(['echelon']);
    // The feed comes from the environment at packaging time (scripts/release-plan.js).
    expect(config.publish).toBeUndefined();
  });

  it('gives macOS explicit entitlements: JIT, and no library-validation bypass', () => {
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.mac.entitlementsInherit).toBe(config.mac.entitlements);
    const plist = read(config.mac.entitlements);
    const keys = [...plist.matchAll(/<key>([^<]+)<\/key>/g)].map((match) => match[1]);
    expect(keys).toEqual(['com.apple.security.cs.allow-jit']);
    expect(plist).not.toContain('disable-library-validation');
  });
});

describe('package.json', () => {
  it('lists each dependency once, in one of the two lists', () => {
    const text = read('package.json');
    const names = (block: string) => [...(new RegExp(`"${block}": \\{([^}]*)\\}`).exec(text)?.[1] ?? '').matchAll(/"([^"]+)":/g)].map((match) => match[1]!);
    const all = [...names('dependencies'), ...names('devDependencies')];
    expect(all.length).toBeGreaterThan(20);
    expect(all.filter((name, index) => all.indexOf(name) !== index)).toEqual([]);
  });
});

describe('release plan', () => {
  const signedMac = { CSC_LINK: 'cert.p12', CSC_KEY_PASSWORD: 'x', APPLE_API_KEY: 'k.p8', APPLE_API_KEY_ID: 'id', APPLE_API_ISSUER: 'issuer' };

  it('signs and notarizes macOS builds when the environment has the credentials, quietly', () => {
    expect(releasePlan({ ...signedMac, ECHELON_UPDATE_URL: 'https://updates.example.com/echelon' }, ['darwin'])).toEqual({
      notes: [],
      env: {},
      config: ['--config.publish.provider=generic', '--config.publish.url=https://updates.example.com/echelon'],
    });
  });

  it('skips what has no credentials, saying what to set', () => {
    const plan = releasePlan({}, ['darwin', 'win32', 'linux']);
    expect(plan.env).toEqual({ CSC_IDENTITY_AUTO_DISCOVERY: 'false' });
    expect(plan.config).toEqual(['--config.mac.notarize=false']);
    expect(plan.notes).toEqual([
      expect.stringMatching(/^macOS: not signed\. Set CSC_LINK/),
      expect.stringMatching(/^macOS: not notarized\. .*APPLE_API_KEY/),
      expect.stringMatching(/^Windows: not signed\. Set WIN_CSC_LINK/),
      expect.stringMatching(/^Updates: no feed\. Set ECHELON_UPDATE_URL/),
    ]);
    // Signed but without notarization credentials: signed, not notarized.
    const signedOnly = releasePlan({ CSC_LINK: 'cert.p12' }, ['darwin']);
    expect(signedOnly.env).toEqual({});
    expect(signedOnly.notes[0]).toMatch(/^macOS: not notarized/);
  });

  it('refuses an update feed that is not https', () => {
    expect(releasePlan({ ECHELON_UPDATE_URL: 'http://updates.example.com/' }, ['linux']).error).toBe('ECHELON_UPDATE_URL it must be an https:// address: http://updates.example.com/');
    expect(releasePlan({ ECHELON_UPDATE_URL: 'updates' }, ['linux']).error).toMatch(/not a URL/);
  });
});

describe("better-sqlite3 for Electron's ABI (npm start)", () => {
  const electronVersion = JSON.parse(read('node_modules/electron/package.json')).version as string;
  const temporaryFolders = () => fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith('echelon-sqlite-electron-'));

  it('is compiled from source in a private temporary folder, then cached', async () => {
    const root = tempDir();
    const before = temporaryFolders();
    const calls: RebuildOptions[] = [];
    const rebuild = async (options: RebuildOptions) => {
      calls.push(options);
      expect(path.dirname(options.buildPath)).toBe(os.tmpdir());
      expect((fs.statSync(options.buildPath).mode & 0o777).toString(8)).toBe('700');
      expect(fs.existsSync(path.join(options.buildPath, 'node_modules/better-sqlite3/src'))).toBe(true);
      expect(fs.existsSync(path.join(options.buildPath, 'node_modules/better-sqlite3/build'))).toBe(false);
      const release = path.join(options.buildPath, 'node_modules/better-sqlite3/build/Release');
      fs.mkdirSync(release, { recursive: true });
      fs.writeFileSync(path.join(release, 'better_sqlite3.node'), 'addon for electron');
    };
    const first = await electronSqliteBinding(root, { rebuild });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ electronVersion, buildFromSource: true, force: true, onlyModules: ['better-sqlite3'] });
    expect(first.binding).toMatch(new RegExp(`better-sqlite3-[\\d.]+-electron-${electronVersion.replaceAll('.', '\\.')}-${process.platform}-${process.arch}\\.node$`));
    expect(fs.readFileSync(first.binding!, 'utf8')).toBe('addon for electron');
    expect(temporaryFolders()).toEqual(before);
    expect(await electronSqliteBinding(root, { rebuild })).toEqual(first);
    expect(calls).toHaveLength(1);
  });

  it('says why when it cannot be compiled, and caches nothing', async () => {
    const root = tempDir();
    const result = await electronSqliteBinding(root, {
      rebuild: async () => {
        throw new Error('gyp ERR! stack Error: 404 status code downloading tarball https://electronjs.org/headers\nmore');
      },
    });
    expect(result.binding).toBeUndefined();
    expect(result.reason).toBe(
      `better-sqlite3 could not be compiled for Electron ${electronVersion} (gyp ERR! stack Error: 404 status code downloading tarball https://electronjs.org/headers); it needs a C++ toolchain and access to Electron's headers`,
    );
    expect(fs.existsSync(path.join(root, 'node_modules'))).toBe(false);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ActivityLog } from '../../electron/main/services/activity/activity-log';
import { EventBus } from '../../electron/main/services/events/event-bus';
import { createHost, type Host, type HostOptions } from '../../electron/main/services/host';
import { createLogger } from '../../electron/main/services/logging/logger';
import { MemoryKeyValueStore } from '../../electron/main/services/preferences/preferences-service';
import { Redactor } from '../../electron/main/services/redaction/redactor';
import type { SecretAccessor } from '../../electron/main/services/secrets/secret-source';
import { Store } from '../../electron/main/services/store/store';
import { createVault } from '../../electron/main/services/vault/vault';

export const PASSPHRASE = 'correct horse battery staple';
/** A cheap scrypt cost for in-process tests; the CLI and benchmarks use the real one. */
export const FAST_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };

const fixture = (name: string) => fs.readFileSync(fileURLToPath(new URL(`../fixtures/vault/${name}`, import.meta.url)), 'utf8');
/** A self-signed P-256 client certificate and its key, made once with openssl for these tests. */
export const CLIENT_CERT = fixture('client.cert.pem');
export const CLIENT_KEY = fixture('client.key.pem');

export function openHost(dataDir: string, options: Partial<HostOptions> = {}): Host {
  return createHost({ shell: 'serve', dataDir, preferences: new MemoryKeyValueStore(), ...options, vault: { scrypt: FAST_SCRYPT, ...options.vault } });
}

/**
 * A host whose vault is open: created with PASSPHRASE on a fresh data dir, unlocked on one that
 * already has a vault (a test reopening its data dir).
 */
export async function openUnlockedHost(dataDir: string, options: Partial<HostOptions> = {}): Promise<Host> {
  const host = openHost(dataDir, options);
  try {
    if (host.vault.status().state === 'absent') await host.vault.create(PASSPHRASE);
    else await host.vault.unlock(PASSPHRASE);
  } catch (error) {
    await host.dispose();
    throw error;
  }
  return host;
}

/** The test itself, reading or writing the vault: apart from the accessors under test in the audit log. */
export const TEST_ACCESSOR: SecretAccessor = { kind: 'test', id: 'suite' };

/** Every form a value may take once encoded, for leak scans. */
export function encodedForms(value: string): string[] {
  const buffer = Buffer.from(value, 'utf8');
  return [value, buffer.toString('base64').replace(/=+$/, ''), buffer.toString('base64url'), encodeURIComponent(value), JSON.stringify(value).slice(1, -1), buffer.toString('hex')];
}

/** The forms of `values` found in `text` (empty when none leaked). */
export function leaks(text: string | Buffer, values: readonly string[]): string[] {
  const haystack = typeof text === 'string' ? text : text.toString('latin1');
  return values.flatMap((value) => encodedForms(value).filter((form) => haystack.includes(typeof text === 'string' ? form : Buffer.from(form, 'utf8').toString('latin1'))));
}

/**
 * A vault of `count` secrets, built fast: the redactor recompiles its pattern after every new
 * value, so a bulk fill goes through a vault whose activity log does not redact.
 */
export async function filledVault(dataDir: string, count: number, valueOf: (i: number) => string): Promise<void> {
  const store = new Store(dataDir);
  const vault = createVault({
    store,
    bus: new EventBus(),
    redactor: new Redactor(),
    logger: createLogger({ dir: path.join(dataDir, 'logs'), redactor: new Redactor() }),
    activity: new ActivityLog(store.db, store.changes),
    scrypt: FAST_SCRYPT,
  });
  await vault.create(PASSPHRASE);
  store.db.transaction(() => {
    for (let i = 0; i < count; i++) vault.set({ name: `S_${i}`, value: { kind: 'secret', value: valueOf(i) } }, { kind: 'test', id: 'fixture' });
  })();
  vault.dispose();
  store.close();
}

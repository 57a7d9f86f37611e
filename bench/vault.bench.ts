// The vault's costs: unlock (scrypt at the shipped cost), decrypt per record once unlocked, and rotating 10,000 records.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setImmediate as nextTick } from 'node:timers/promises';
import { ActivityLog } from '../electron/main/services/activity/activity-log';
import { EventBus } from '../electron/main/services/events/event-bus';
import { createLogger } from '../electron/main/services/logging/logger';
import { Redactor } from '../electron/main/services/redaction/redactor';
import { Store } from '../electron/main/services/store/store';
import { importKey } from '../electron/main/services/vault/aead';
import { SCRYPT_COST } from '../electron/main/services/vault/passphrase-protector';
import { decryptValue, encryptValue } from '../electron/main/services/vault/record-cipher';
import { createVault, type Vault } from '../electron/main/services/vault/vault';
import { percentiles, report, round } from './stats';

const PASSPHRASE = 'benchmark passphrase';
const ROTATION_RECORDS = 10_000;
const DECRYPT_RECORDS = 1_000;
const DECRYPT_CALLS = 20_000;
const UNLOCKS = 5;
const accessor = { kind: 'test', id: 'bench' } as const;

function openVault(dataDir: string): { vault: Vault; close: () => void } {
  const store = new Store(dataDir);
  const redactor = new Redactor();
  const vault = createVault({
    store,
    bus: new EventBus(),
    redactor,
    logger: createLogger({ dir: path.join(dataDir, 'logs'), redactor }),
    // An activity log that does not redact: filling 10,000 records would otherwise recompile the redactor each time.
    activity: new ActivityLog(store.db, store.changes),
  });
  return {
    vault,
    close: () => {
      vault.dispose();
      store.close();
    },
  };
}

async function fill(vault: Vault, count: number): Promise<void> {
  await vault.create(PASSPHRASE);
  for (let i = 0; i < count; i++) vault.set({ name: `SECRET_${i}`, value: { kind: 'api_key', key: `sk-live-${i.toString(36)}-${'k'.repeat(40)}` } }, accessor);
  vault.audit.flush();
}

async function unlockBench(dataDir: string): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < UNLOCKS; i++) {
    const { vault, close } = openVault(dataDir);
    const start = performance.now();
    await vault.unlock(PASSPHRASE, accessor);
    times.push(performance.now() - start);
    close();
  }
  const p = percentiles(times);
  report({ bench: 'vault.unlock', unit: 'ms', runs: UNLOCKS, records: DECRYPT_RECORDS, scrypt: `N=2^${Math.log2(SCRYPT_COST.N)} r=${SCRYPT_COST.r} p=${SCRYPT_COST.p}`, p50: round(p.p50), p95: round(p.p95) });
}

async function decryptBench(dataDir: string): Promise<void> {
  const { vault, close } = openVault(dataDir);
  await vault.unlock(PASSPHRASE, accessor);
  const samples: number[] = [];
  const started = performance.now();
  for (let i = 0; i < DECRYPT_CALLS; i++) {
    const name = `SECRET_${i % DECRYPT_RECORDS}`;
    const start = performance.now();
    vault.reveal(name, undefined, accessor);
    samples.push((performance.now() - start) * 1000);
    // Let the audit log write its batch now and then, as the event loop would between requests.
    if (i % 500 === 499) await nextTick();
  }
  vault.audit.flush();
  const amortized = ((performance.now() - started) * 1000) / DECRYPT_CALLS;
  close();
  const p = percentiles(samples);
  report({ bench: 'vault.decrypt', unit: 'us', calls: DECRYPT_CALLS, records: DECRYPT_RECORDS, p50: round(p.p50), p95: round(p.p95), p99: round(p.p99), amortized_with_audit_writes: round(amortized), goal_p50: 20 });

  // The cipher alone: AES-256-GCM open + parse of one record, without lookup or audit.
  const key = importKey(Buffer.alloc(32, 7));
  const sealed = encryptValue(key, { id: 'r', version: 1 }, { kind: 'api_key', key: 'sk-live-benchmark-value-0123456789' });
  const cipher: number[] = [];
  for (let i = 0; i < DECRYPT_CALLS; i++) {
    const start = performance.now();
    decryptValue(key, { id: 'r', version: 1 }, sealed);
    cipher.push((performance.now() - start) * 1000);
  }
  const c = percentiles(cipher);
  report({ bench: 'vault.decrypt_cipher_only', unit: 'us', calls: DECRYPT_CALLS, p50: round(c.p50), p95: round(c.p95) });
}

async function rotationBench(dataDir: string): Promise<void> {
  const { vault, close } = openVault(dataDir);
  await fill(vault, ROTATION_RECORDS);
  const marks: Record<string, number> = {};
  const start = performance.now();
  const result = await vault.rotate(PASSPHRASE, accessor, ({ phase, done, total }) => {
    if (done === total) marks[phase] = performance.now();
  });
  const ms = performance.now() - start;
  const check = vault.reveal(`SECRET_${ROTATION_RECORDS - 1}`, undefined, accessor);
  close();
  if (!check.startsWith('sk-live-')) throw new Error('rotation bench: value did not survive');
  report({
    bench: 'vault.rotate',
    unit: 'ms',
    records: result.records,
    total: round(ms),
    // Two scrypt runs (checking the passphrase, wrapping the new key), then re-encryption in memory.
    scrypt_and_reencrypt: round(marks['encrypt']! - start),
    // The one transaction that writes every ciphertext, the key slots and the generation.
    transaction: round(marks['done']! - marks['encrypt']!),
    // What remains is logging the rotation: the redactor compiles its pattern of 10,000 values once.
    after_commit: round(start + ms - marks['done']!),
  });
}

export default async function vaultBench(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'echelon-bench-vault-'));
  try {
    const small = path.join(root, 'small');
    const { vault, close } = openVault(small);
    await fill(vault, DECRYPT_RECORDS);
    close();
    await unlockBench(small);
    await decryptBench(small);
    await rotationBench(path.join(root, 'large'));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await vaultBench();

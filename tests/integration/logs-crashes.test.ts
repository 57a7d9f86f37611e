import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { LogReader } from '../../electron/main/services/logging/log-reader';
import { createLogger } from '../../electron/main/services/logging/logger';
import { Redactor } from '../../electron/main/services/redaction/redactor';
import { FLAKY, runTimes } from '../helpers/alerts';
import { REPO } from '../helpers/cli';
import { disposeHosts, engineHost } from '../helpers/engine';
import { tempDir } from '../helpers/temp-dir';
import { openHost } from '../helpers/vault';

afterEach(disposeHosts);

const CRASHING_HOST = fileURLToPath(new URL('../fixtures/crash/crashing-host.ts', import.meta.url));

describe('structured logs', () => {
  it('writes JSON lines with correlation ids that the viewer filters by execution, level and text, and exports', async () => {
    const host = await engineHost();
    const { id } = host.engine.workflows.save({ document: FLAKY });
    await runTimes(host, id, 1, { fail: false });
    await runTimes(host, id, 1, { fail: true });
    const [failed] = host.engine.list({ status: 'failed', limit: 1 }).items;
    const call = async (method: 'logs.query' | 'logs.export', input: Record<string, unknown>) => {
      const result = await host.router.call(method, input, { caller: 'test' });
      if (!result.ok) throw new Error(result.error.message);
      return result.data as never;
    };

    const { entries } = (await call('logs.query', { executionId: failed!.id })) as { entries: Array<Record<string, unknown>> };
    const reason = `"Sync": {{ $json.fail ? $json.upstream.refused : 'yes' }} failed: Cannot read "refused" of undefined`;
    expect(entries.map((entry) => entry.message)).toEqual([`Execution ${failed!.id} of "Nightly sync" failed: ${reason}`, `Step "Sync" of execution ${failed!.id} failed: ${reason}`]);
    expect(entries[1]).toMatchObject({ level: 'warn', source: 'engine', executionId: failed!.id, workflowId: id, step: '1:Sync', fields: { nodeType: 'transform.edit', attempt: 1 } });
    expect(((await call('logs.query', { level: 'error', executionId: failed!.id })) as { entries: unknown[] }).entries).toHaveLength(1);
    expect(((await call('logs.query', { search: 'CANNOT READ' })) as { entries: unknown[] }).entries).toHaveLength(2);
    expect(((await call('logs.query', { source: 'vault' })) as { entries: unknown[] }).entries).toEqual([]);

    const exported = (await call('logs.export', { executionId: failed!.id })) as { fileName: string; content: string; lines: number };
    expect(exported.fileName).toMatch(/^echelon-log-.+\.jsonl$/);
    const lines = exported.content.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => line.message)).toEqual([entries[1]!.message, entries[0]!.message]);
    expect(lines[0]).toMatchObject({ executionId: failed!.id, nodeType: 'transform.edit' });
  });

  it('rotates by size, keeps a bounded number of files, and pages across them newest first', () => {
    const dir = tempDir();
    const redactor = new Redactor();
    redactor.set('TOKEN', 'tok-abcdef123456');
    const logger = createLogger({ dir, redactor, maxBytes: 2000, maxFiles: 2, level: 'debug' });
    for (let i = 0; i < 120; i++) logger.log(i % 10 === 0 ? 'error' : 'debug', 'test', `line ${i} with tok-abcdef123456`, { i });
    expect(logger.files().map((file) => path.basename(file))).toEqual(['echelon.log', 'echelon.log.1', 'echelon.log.2']);
    for (const file of logger.files()) {
      expect(fs.statSync(file).size).toBeLessThanOrEqual(2000);
      expect(fs.readFileSync(file, 'utf8')).not.toContain('tok-abcdef123456');
    }
    const reader = new LogReader(() => logger.files());
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = reader.query({ level: 'debug', limit: 7, cursor });
      seen.push(...page.entries.map((entry) => entry.fields.i as number));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen[0]).toBe(119);
    expect(seen).toEqual([...seen].sort((a, b) => b - a));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThan(20);
    expect(seen.length).toBeLessThan(120);
    expect(reader.query({ level: 'error', limit: 100 }).entries.every((entry) => (entry.fields.i as number) % 10 === 0)).toBe(true);
    expect(reader.query({ level: 'debug', limit: 1 }).entries[0]!.message).toBe('line 119 with [redacted:TOKEN]');
  });

  it('keeps debug lines out unless asked for', () => {
    const dir = tempDir();
    const logger = createLogger({ dir, redactor: new Redactor() });
    logger.debug('test', 'noise');
    logger.info('test', 'signal');
    expect(new LogReader(() => logger.files()).query({ level: 'debug', limit: 10 }).entries.map((entry) => entry.message)).toEqual(['signal']);
  });
});

describe('crash reports', () => {
  // A child process opening a host takes a while on a loaded machine.
  it('captures an uncaught exception with its context, redacted, and shows it at the next start until dismissed', async () => {
    const dataDir = tempDir();
    const child = spawn(process.execPath, ['--import', 'tsx', CRASHING_HOST, dataDir], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).not.toBe(0);
    expect(stderr).toContain('ECONNREFUSED');

    const host = openHost(dataDir, { shell: 'serve' });
    try {
      const result = await host.router.call('diagnostics.crashes', { unseenOnly: true }, { caller: 'test' });
      if (!result.ok) throw new Error(result.error.message);
      const [report] = result.data as Array<{ id: string; kind: string; message: string; stack: string; shell: string; context: { lastLogLines: string[] } }>;
      expect(report).toMatchObject({ kind: 'uncaughtException', shell: 'serve', message: 'connect ECONNREFUSED postgres://app:[redacted:DB_PASSWORD]@db:5432' });
      expect(report!.stack).toContain('crashing-host.ts');
      expect(report!.context.lastLogLines.some((line) => line.includes('about to fail while connecting'))).toBe(true);
      const files = fs.readdirSync(path.join(dataDir, 'crashes')).map((file) => fs.readFileSync(path.join(dataDir, 'crashes', file), 'utf8'));
      expect(files.join('')).not.toContain('pg-pass-31415926535');
      expect(fs.readFileSync(path.join(dataDir, 'logs', 'echelon.log'), 'utf8')).not.toContain('pg-pass-31415926535');

      expect(await host.router.call('diagnostics.crashes.dismiss', { id: report!.id }, { caller: 'test' })).toEqual({ ok: true, data: { dismissed: 1 } });
      expect(await host.router.call('diagnostics.crashes', { unseenOnly: true }, { caller: 'test' })).toEqual({ ok: true, data: [] });
      expect(await host.router.call('diagnostics.crashes', {}, { caller: 'test' })).toMatchObject({ ok: true, data: [{ id: report!.id, seenAt: expect.any(String) }] });
    } finally {
      await host.dispose();
    }
  }, 90_000);

  it('takes reports from any guard through capture(), and never throws itself', async () => {
    const host = await engineHost();
    const report = host.crashes.capture(Promise.reject, { kind: 'unhandledRejection', context: { during: 'a test' } });
    expect(report).toMatchObject({ kind: 'unhandledRejection', shell: 'cli', context: { during: 'a test', runningExecutions: 0 } });
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(host.crashes.capture(circular, { kind: 'unhandledRejection' })?.message).toBe('[object Object]');
    expect(host.crashes.list(true)).toHaveLength(2);
  });
});

import { describe, expect, it } from 'vitest';
import { EchelonError } from '../../shared/contract';
import { createRouter, type Handlers } from '../../shared/rpc/router';
import { unusedHandlers } from '../helpers/handlers';

const status = {
  version: '1.0.0',
  shell: 'cli' as const,
  dataDir: '/tmp/x',
  databasePath: '/tmp/x/echelon.db',
  schemaVersion: 1,
  startedAt: new Date(0).toISOString(),
  platform: 'linux-x64',
  nodeVersion: '20',
  counts: {},
};

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  return {
    ...unusedHandlers(),
    'app.status': () => status,
    'app.activity': ({ limit }) => Array.from({ length: Math.min(limit, 2) }, (_, i) => ({ id: i, at: status.startedAt, level: 'info' as const, source: 't', message: `m${i}` })),
    'preferences.get': () => ({ theme: 'system', sidebarCollapsed: false }),
    'preferences.update': (changes) => ({ theme: changes.theme ?? 'system', sidebarCollapsed: false }),
    ...overrides,
  };
}

describe('router', () => {
  it('validates input and applies schema defaults before the handler runs', async () => {
    const router = createRouter(handlers());
    const result = await router.call('app.activity', {}, { caller: 'test' });
    expect(result).toMatchObject({ ok: true });
    expect((result as { data: unknown[] }).data).toHaveLength(2);
  });

  it('returns a typed validation error with the field path for invalid input', async () => {
    const router = createRouter(handlers());
    const result = await router.call('preferences.update', { theme: 'purple' }, { caller: 'test' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_input');
    expect(result.error.path).toBe('theme');
    expect(result.error.message).toContain('theme');
    expect(result.error.issues?.[0]?.path).toBe('theme');
  });

  it('reports every problem at once, not only the first', async () => {
    const router = createRouter(handlers());
    const result = await router.call('app.activity', { limit: 0, extra: true }, { caller: 'test' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.issues?.length).toBe(2);
  });

  it('refuses unknown methods, including prototype names', async () => {
    const router = createRouter(handlers());
    for (const method of ['nope', 'constructor', '__proto__', 42]) {
      const result = await router.call(method, {}, { caller: 'test' });
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    }
  });

  it('passes service errors through with their code and path', async () => {
    const router = createRouter(handlers({ 'app.status': () => { throw new EchelonError('not_found', 'No such thing', { path: 'id' }); } }));
    expect(await router.call('app.status', {}, { caller: 'test' })).toEqual({ ok: false, error: { code: 'not_found', message: 'No such thing', path: 'id' } });
  });

  it('turns unexpected exceptions into an internal error without a stack trace, and redacts it', async () => {
    const seen: unknown[] = [];
    const router = createRouter(handlers({ 'app.status': () => { throw new Error('boom with hunter2'); } }), {
      redact: (text) => text.replaceAll('hunter2', '[redacted]'),
      onInternalError: (_method, error) => seen.push(error),
    });
    const result = await router.call('app.status', {}, { caller: 'test' });
    expect(result).toEqual({ ok: false, error: { code: 'internal', message: 'app.status failed: boom with [redacted]' } });
    expect(JSON.stringify(result)).not.toContain('at ');
    expect(seen).toHaveLength(1);
  });

  it('strips fields the contract does not name from outputs', async () => {
    const router = createRouter(handlers({ 'app.status': () => ({ ...status, secret: 's3cr3t' }) as typeof status }));
    const result = await router.call('app.status', {}, { caller: 'test' });
    expect(JSON.stringify(result)).not.toContain('s3cr3t');
  });

  it('refuses outputs that break the contract', async () => {
    const router = createRouter(handlers({ 'app.status': () => ({ ...status, schemaVersion: 'one' }) as unknown as typeof status }), { onInternalError: () => {} });
    expect(await router.call('app.status', {}, { caller: 'test' })).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});

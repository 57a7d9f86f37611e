import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../helpers/api';
import { chain, manualStart, node } from '../../helpers/engine';
import { serveSession } from '../../helpers/serve-session';

interface Detail {
  status: string;
  steps: Array<{ nodeId: string; status: string; logs: string[]; error?: { message: string } }>;
}

const codeFlow = (name: string, code: string, extra: Record<string, unknown> = {}) => chain(name, [manualStart(), node('code.run', { code, ...extra }, { id: 'code', name: 'Code' })]);

/** Resident memory of a process, in MB (Linux). */
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

async function run(api: ApiClient, id: string): Promise<Detail> {
  return ((await api.call('workflows.run', { id, wait: true } as never)) as { execution: Detail }).execution;
}

describe.runIf(process.platform === 'linux')('Code steps in echelon serve', () => {
  it('stop at their memory limit when the memory is in strings, within their timeout, the host growing by about twice the limit at most', async () => {
    // 64 MB: well above the module's 16 MB minimum and the worker's own start-up cost, so what
    // is measured is the cap (unbounded, the strings reached gigabytes within the timeout).
    const limitMb = 64;
    const { serve, api } = await serveSession();
    const pid = serve.child.pid!;
    const warm = ((await api.call('workflows.save', { document: codeFlow('warm', 'return [{ ok: 1 }];', { memoryMb: limitMb }) } as never)) as { id: string }).id;
    expect((await run(api, warm)).status).toBe('succeeded');
    const attack = ((await api.call('workflows.save', { document: codeFlow('strings', "const a = []; while (true) { a.push('x'.repeat(1 << 20) + a.length) }", { memoryMb: limitMb, timeoutMs: 10_000 }) } as never)) as { id: string }).id;

    const before = rssMb(pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 10);
    const started = performance.now();
    const detail = await run(api, attack).finally(() => clearInterval(sampler));
    const elapsed = performance.now() - started;

    const step = detail.steps.find((candidate) => candidate.nodeId === 'code')!;
    expect(step.status).toBe('failed');
    expect(step.error!.message).toMatch(/more memory than its limit/);
    expect(elapsed).toBeLessThan(10_000);
    expect(peak - before).toBeLessThan(2 * limitMb + 4);
    expect(serve.child.exitCode).toBeNull();
  });

  it('keep what the code printed before it threw', async () => {
    const { api } = await serveSession();
    const id = ((await api.call('workflows.save', { document: codeFlow('loud', "console.log('loaded', $input.all().length, 'items'); console.warn('about to fail'); throw new Error('bad row')") } as never)) as { id: string }).id;
    const detail = await run(api, id);
    const step = detail.steps.find((candidate) => candidate.nodeId === 'code')!;
    expect(step.status).toBe('failed');
    expect(step.error!.message).toContain('bad row');
    expect(step.logs).toEqual(['loaded 1 items', 'about to fail']);
  });
});

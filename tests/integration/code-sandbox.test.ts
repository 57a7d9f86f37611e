import { afterEach, describe, expect, it } from 'vitest';
import { CodeSandbox } from '../../electron/main/services/engine/code/code-sandbox';

const sandboxes: CodeSandbox[] = [];
function sandbox(): CodeSandbox {
  const created = new CodeSandbox();
  sandboxes.push(created);
  return created;
}
afterEach(async () => {
  for (const created of sandboxes.splice(0)) await created.dispose();
});

const items = [{ json: { n: 1 } }, { json: { n: 2 } }];
const request = (code: string, extra: Partial<Parameters<CodeSandbox['run']>[0]> = {}) => ({
  code,
  mode: 'runOnceForAllItems' as const,
  items,
  timeoutMs: 2000,
  memoryBytes: 32 * 1024 * 1024,
  signal: new AbortController().signal,
  ...extra,
});

/** The main thread answers timers while the sandbox works: measured as the worst timer lateness. */
async function worstLateness(during: Promise<unknown>): Promise<number> {
  let worst = 0;
  let done = false;
  void during.finally(() => (done = true)).catch(() => {});
  while (!done) {
    const start = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 10));
    worst = Math.max(worst, performance.now() - start - 10);
  }
  return worst;
}

describe('code sandbox (QuickJS in a worker)', () => {
  it('runs n8n-style code: $input.all(), returning items, console.log', async () => {
    const result = await sandbox().run(request('console.log("count", $input.all().length); return $input.all().map(i => ({ json: { double: i.json.n * 2 } }));'));
    expect(result.items.map((item) => item.json)).toEqual([{ double: 2 }, { double: 4 }]);
    expect(result.logs).toEqual(['count 2']);
  });

  it('runs once per item with $json, wrapping plain objects', async () => {
    const result = await sandbox().run(request('return { seen: $json.n, index: $itemIndex };', { mode: 'runOnceForEachItem' }));
    expect(result.items).toEqual([
      { json: { seen: 1, index: 0 }, pairedItem: { item: 0 } },
      { json: { seen: 2, index: 1 }, pairedItem: { item: 1 } },
    ]);
  });

  it('has nothing of Node inside: no process, fs or host globals, and require knows only its allowlist', async () => {
    const result = await sandbox().run(request('return [{ json: { process: typeof process, fetch: typeof fetch, ctor: typeof ({}).constructor.constructor("return this")().process } }];'));
    expect(result.items[0]!.json).toEqual({ process: 'undefined', fetch: 'undefined', ctor: 'undefined' });
    await expect(sandbox().run(request('require("fs"); return [];'))).rejects.toThrow(/Cannot require 'fs'.*no such module.*Allowed here: crypto, buffer/);
  });

  it('leaves nothing of one run to the next: added, reassigned, redefined and locked globals', async () => {
    const box = sandbox();
    const first = await box.run(
      request(`
        leaked = 1;
        crypto = { mine: true };
        items = 'shadowed';
        Object.defineProperty(globalThis, '$json', { get() { throw new Error('trap'); }, configurable: true });
        Math = 5;
        return [{ json: { crypto: crypto.mine === true, math: typeof Math } }];
      `),
    );
    // Assigning a guest global works within the run; QuickJS's own built-ins stay bound.
    expect(first.items[0]!.json).toEqual({ crypto: true, math: 'object' });
    const second = await box.run(request('return [{ json: { leaked: typeof leaked, crypto: typeof crypto.mine, items: items.length, json: $json.n } }];'));
    expect(second.items[0]!.json).toEqual({ leaked: 'undefined', crypto: 'undefined', items: 2, json: 1 });
    // A global the code makes impossible to remove costs the warm context, not the next run's isolation.
    await box.run(request('Object.defineProperty(globalThis, "stuck", { value: 1, configurable: false }); return [];'));
    const third = await box.run(request('return [{ json: { stuck: typeof stuck } }];'));
    expect(third.items[0]!.json).toEqual({ stuck: 'undefined' });
  });

  it('stops an infinite loop at its time limit while the main thread stays responsive', async () => {
    const box = sandbox();
    await box.warm();
    const started = Date.now();
    const running = box.run(request('while (true) {}', { timeoutMs: 1000 }));
    const lateness = await worstLateness(running);
    await expect(running).rejects.toThrow('time limit');
    expect(Date.now() - started).toBeLessThan(3000);
    // Run on this thread, the loop would have held timers back for its whole second.
    expect(lateness).toBeLessThan(800);
    // The sandbox still works afterwards.
    expect((await box.run(request('return [{ ok: true }];'))).items[0]!.json).toEqual({ ok: true });
  });

  it('stops unbounded allocation at its memory limit', async () => {
    const box = sandbox();
    const running = box.run(request('const a = []; while (true) a.push({ n: a.length, s: "payload" + a.length });', { memoryBytes: 16 * 1024 * 1024, timeoutMs: 10_000 }));
    await expect(running).rejects.toThrow('memory');
    expect((await box.run(request('return [{ ok: 1 }];'))).items[0]!.json).toEqual({ ok: 1 });
  });

  it('is cancelled through its signal', async () => {
    const controller = new AbortController();
    const running = sandbox().run(request('while (true) {}', { timeoutMs: 60_000, signal: controller.signal }));
    setTimeout(() => controller.abort(new Error('cancelled by test')), 100);
    await expect(running).rejects.toThrow('cancelled by test');
  });

  it('sends steps ahead to a busy thread: one cancelled while it waits is skipped, one waiting behind a cancelled step runs on a fresh thread', async () => {
    const box = new CodeSandbox({ workers: 1, depth: 3 });
    sandboxes.push(box);
    await box.warm();
    const loop = new AbortController();
    const unwanted = new AbortController();
    const stuck = box.run(request('while (true) {}', { timeoutMs: 60_000, signal: loop.signal }));
    const skipped = box.run(request('return [{ ran: true }];', { signal: unwanted.signal }));
    const behind = box.run(request('return [{ behind: true }];'));
    // All three are with the worker (sent ahead) before either is cancelled.
    await new Promise(setImmediate);
    unwanted.abort(new Error('not wanted'));
    await expect(skipped).rejects.toThrow('not wanted');
    loop.abort(new Error('stop the loop'));
    await expect(stuck).rejects.toThrow('stop the loop');
    expect((await behind).items[0]!.json).toEqual({ behind: true });
  });

  it('runs async code (await) and survives QuickJS freeing a big async result', async () => {
    const box = sandbox();
    const big = await box.run(request('const list = await Promise.resolve(Array.from({ length: 60000 }, (_, i) => ({ i }))); return list;', { timeoutMs: 10_000, memoryBytes: 128 * 1024 * 1024 }));
    expect(big.items).toHaveLength(60000);
    expect((await box.run(request('return [{ after: await Promise.resolve(1) }];'))).items[0]!.json).toEqual({ after: 1 });
  });

  it('reports a thrown error with its message', async () => {
    await expect(sandbox().run(request('throw new Error("boom")'))).rejects.toThrow('boom');
  });
});

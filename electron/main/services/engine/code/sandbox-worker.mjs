// Runs code steps in QuickJS (WebAssembly) on a worker thread: nothing of Node is reachable
// from inside, CPU time is bounded by an interrupt deadline and memory by the runtime's limit
// and by the size of the WebAssembly memory itself.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { parentPort as port } from 'node:worker_threads';
import { newQuickJSWASMModuleFromVariant, newVariant, shouldInterruptAfterDeadline } from 'quickjs-emscripten-core';
import releaseVariant from '@jitl/quickjs-wasmfile-release-sync';

if (!port) throw new Error('The code sandbox runs on a worker thread.');
const parentPort = port;

/** 64 KiB WebAssembly pages. */
const PAGE = 65536;
/** The least memory the module accepts (its compiled-in initial memory). */
const BASE_PAGES = 256;
/** Beside the code's own allocations: QuickJS's static data, its stacks and the runtime itself. */
const RESERVED_BYTES = 4 * 1024 * 1024;
// Node's types describe WebAssembly's types but not its constructors.
const Wasm = /** @type {any} */ (globalThis).WebAssembly;
const wasmModule = new Wasm.Module(fs.readFileSync(createRequire(import.meta.url).resolve('@jitl/quickjs-wasmfile-release-sync/wasm')));

/**
 * QuickJS's own memory limit counts allocations, not bytes, in this build (it has no
 * malloc_usable_size), so a few large strings slip past it. The module's WebAssembly memory is
 * therefore capped too: the step's limit plus what QuickJS needs for itself (and no less than
 * the module's minimum), so allocation fails (an out-of-memory error inside the code) before
 * the host grows beyond that.
 * @param {number} memoryBytes
 */
function pagesFor(memoryBytes) {
  return Math.max(BASE_PAGES, Math.ceil((memoryBytes + RESERVED_BYTES) / PAGE));
}

/** @param {number} memoryBytes */
function loadModule(memoryBytes) {
  const maximum = pagesFor(memoryBytes);
  const variant = newVariant(releaseVariant, {
    wasmModule,
    wasmMemory: new Wasm.Memory({ initial: BASE_PAGES, maximum }),
    // The known abort below is handled (the module is replaced); other messages still reach stderr.
    emscriptenModule: /** @type {any} */ ({ printErr: (/** @type {string} */ text) => !text.includes('list_empty(&rt->gc_obj_list)') && console.error(text) }),
  });
  return newQuickJSWASMModuleFromVariant(variant).then((module) => ({ module, maximum }));
}

let loaded = await loadModule(64 * 1024 * 1024);
// QuickJS can abort while freeing a runtime after an out-of-memory error or after many objects
// were made inside a promise job (quickjs-emscripten issues 257 and 269). The run's result is
// already read by then; the broken module is dropped and a fresh one loaded for the next run.
let broken = false;

// The user's code is the body of an async function, as in n8n's Code node.
const PRELUDE = `
const __data = JSON.parse(__input);
const __continueOnFail = __data.continueOnFail === true;
const items = __data.items;
const $input = { all: () => items, first: () => items[0], last: () => items[items.length - 1], item: items[0] };
const console = { log: (...a) => __log(a.map(__text).join(' ')), info: (...a) => __log(a.map(__text).join(' ')), warn: (...a) => __log(a.map(__text).join(' ')), error: (...a) => __log(a.map(__text).join(' ')) };
function __describe(error) { if (error && typeof error === 'object') return String(error.name || 'Error') + ': ' + String(error.message); return String(error); }
function __text(value) { if (typeof value === 'string') return value; try { return JSON.stringify(value); } catch (e) { return String(value); } }
function __item(value, index) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('Item ' + index + ' is not an object: return objects, or { json: {...} }.');
  const item = 'json' in value && value.json !== null && typeof value.json === 'object' ? { json: value.json } : { json: value };
  if (value.binary && typeof value.binary === 'object') item.binary = value.binary;
  item.pairedItem = value.pairedItem || { item: index };
  return item;
}
`;

/** @param {string} code @param {string} mode */
function program(code, mode) {
  // Code without "await" runs synchronously: no promise jobs, which QuickJS handles less robustly.
  const sync = !/\bawait\b/.test(code);
  const open = sync ? '(() => {' : '(async () => {';
  const call = sync ? '' : 'await ';
  const body =
    mode === 'runOnceForEachItem'
      ? `
  const out = [];
  for (let __i = 0; __i < items.length; __i++) {
    $input.item = items[__i];
    let result;
    try {
      result = ${call}(${sync ? '' : 'async '}($json, item, $itemIndex) => {
${code}
      })(items[__i].json, items[__i], __i);
    } catch (error) {
      if (!__continueOnFail) throw error;
      out.push({ json: { error: __describe(error) }, pairedItem: { item: __i } });
      continue;
    }
    if (result === undefined || result === null) continue;
    if (Array.isArray(result)) throw new Error('In "run once for each item" mode, return one object per item, not a list.');
    const mapped = __item(result, __i);
    mapped.pairedItem = { item: __i };
    out.push(mapped);
  }
  return out;`
      : `
  const result = ${call}(${sync ? '' : 'async '}() => {
${code}
  })();
  if (result === undefined || result === null) return [];
  if (typeof result.then === 'function') return result.then(__all);
  return __all(result);`;
  return `${PRELUDE}
function __all(result) {
  if (result === undefined || result === null) return [];
  const list = Array.isArray(result) ? result : [result];
  return list.map((value, index) => __item(value, index));
}
function __done(out) {
  if (out && typeof out.then === 'function') out.then(__done, __fail);
  else __output = JSON.stringify(out);
}
function __fail(error) { __failure = __describe(error); }
try { __done(${open}${body}
})()); } catch (error) { __fail(error); }`;
}

/** @param {{ code: string, mode: string, items?: unknown[], itemsJson?: string, timeoutMs: number, memoryBytes: number, continueOnFail?: boolean }} request */
function run({ code, mode, items, itemsJson, timeoutMs, memoryBytes, continueOnFail }) {
  const runtime = loaded.module.newRuntime();
  runtime.setMemoryLimit(memoryBytes);
  runtime.setMaxStackSize(1024 * 1024);
  const deadline = Date.now() + timeoutMs;
  runtime.setInterruptHandler(shouldInterruptAfterDeadline(deadline));
  const vm = runtime.newContext();
  /** @type {string[]} */
  const logs = [];
  try {
    const input = vm.newString(itemsJson ? `${itemsJson.slice(0, -1)},"continueOnFail":${continueOnFail === true}}` : JSON.stringify({ items, continueOnFail }));
    vm.setProp(vm.global, '__input', input);
    input.dispose();
    const log = vm.newFunction('__log', (text) => {
      if (logs.length < 500) logs.push(vm.getString(text));
    });
    vm.setProp(vm.global, '__log', log);
    log.dispose();
    vm.setProp(vm.global, '__output', vm.undefined);
    vm.setProp(vm.global, '__failure', vm.undefined);
    const evaluated = vm.evalCode(program(code, mode), 'code.js');
    if (evaluated.error) {
      const error = vm.dump(evaluated.error);
      evaluated.error.dispose();
      return { ok: false, error: describe(error, deadline), logs };
    }
    evaluated.value.dispose();
    const jobs = runtime.executePendingJobs(-1);
    if (jobs.error) {
      const error = vm.dump(jobs.error);
      jobs.error.dispose();
      return { ok: false, error: describe(error, deadline), logs };
    }
    const failure = vm.getProp(vm.global, '__failure');
    const failed = vm.dump(failure);
    failure.dispose();
    if (failed !== undefined) return { ok: false, error: describe(failed, deadline), logs };
    const output = vm.getProp(vm.global, '__output');
    const text = vm.dump(output);
    output.dispose();
    if (typeof text !== 'string') return { ok: false, error: 'The code did not finish: it is still waiting on a promise that never settles.', logs };
    // Sent as text: parsing JSON on the main thread is cheaper than cloning many objects.
    return { ok: true, itemsJson: text, logs };
  } catch (error) {
    return { ok: false, error: describe(error, deadline), logs };
  } finally {
    try {
      vm.dispose();
      runtime.dispose();
    } catch {
      broken = true;
    }
  }
}

/** @param {any} error @param {number} deadline */
function describe(error, deadline) {
  const text = typeof error === 'object' && error !== null ? `${error.name ?? 'Error'}: ${error.message ?? JSON.stringify(error)}` : String(error);
  if (/interrupted/i.test(text) && Date.now() >= deadline) return 'The code ran past its time limit and was stopped.';
  // With its memory full, QuickJS may not even manage to make the error object.
  if (/out of memory/i.test(text) || ((error === null || text === 'null') && memoryFull())) return 'The code used more memory than its limit and was stopped.';
  return text;
}

/** The module's memory has grown to within a growth step of its cap. */
function memoryFull() {
  return loaded.module.getWasmMemory().buffer.byteLength + 2 * 1024 * 1024 >= loaded.maximum * PAGE;
}

parentPort.on('message', async (request) => {
  let reply;
  try {
    // A memory sized for this step's limit; the module is kept while steps ask for the same.
    if (loaded.maximum !== pagesFor(request.memoryBytes)) loaded = await loadModule(request.memoryBytes);
    reply = { id: request.id, ...run(request) };
  } catch (error) {
    reply = { id: request.id, ok: false, error: error instanceof Error ? error.message : String(error), logs: [] };
  }
  if (broken) {
    loaded = await loadModule(request.memoryBytes);
    broken = false;
  }
  parentPort.postMessage(reply);
});
parentPort.postMessage({ ready: true });

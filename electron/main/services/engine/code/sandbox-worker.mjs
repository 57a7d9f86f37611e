// Runs code steps in QuickJS (WebAssembly) on a worker thread: nothing of Node is reachable
// from inside, CPU time is bounded by an interrupt deadline and memory by the runtime's limit
// and by the size of the WebAssembly memory itself. One context stays warm between runs (its
// setup, and luxon once a run needs it, cost far more than a trivial step); each run's globals
// are undone afterwards and the shared built-ins are frozen, so one run cannot reach the next.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parentPort as port } from 'node:worker_threads';
import jmespath from 'jmespath';
import { newQuickJSWASMModuleFromVariant, newVariant, shouldInterruptAfterDeadline } from 'quickjs-emscripten-core';
import releaseVariant from '@jitl/quickjs-wasmfile-release-sync';
import { installGuest } from './sandbox-guest.mjs';

if (!port) throw new Error('The code sandbox runs on a worker thread.');
const parentPort = port;
const require = createRequire(import.meta.url);

/** 64 KiB WebAssembly pages. */
const PAGE = 65536;
/** The least memory the module accepts (its compiled-in initial memory). */
const BASE_PAGES = 256;
/** Beside the code's own allocations: QuickJS's static data, its stacks and the runtime itself. */
const RESERVED_BYTES = 4 * 1024 * 1024;
/** The warm context (the guest runtime, and luxon once loaded) is not counted against a step's limit. */
const WARM_BYTES = 4 * 1024 * 1024;
// Node's types describe WebAssembly's types but not its constructors.
const Wasm = /** @type {any} */ (globalThis).WebAssembly;
const wasmModule = new Wasm.Module(fs.readFileSync(require.resolve('@jitl/quickjs-wasmfile-release-sync/wasm')));
const LUXON = fs.readFileSync(path.join(path.dirname(require.resolve('luxon/package.json')), 'build/global/luxon.js'), 'utf8');
const GUEST = `(${installGuest.toString()})`;

/**
 * QuickJS's own memory limit counts allocations, not bytes, in this build (it has no
 * malloc_usable_size), so a few large strings slip past it. The module's WebAssembly memory is
 * therefore capped too: the step's limit plus what QuickJS and the warm context need (and no
 * less than the module's minimum), so allocation fails (an out-of-memory error inside the
 * code) before the host grows beyond that.
 * @param {number} memoryBytes
 */
function pagesFor(memoryBytes) {
  return Math.max(BASE_PAGES, Math.ceil((memoryBytes + RESERVED_BYTES + WARM_BYTES) / PAGE));
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

// ------------------------------------------------------------ what the guest may ask of the host

const intlCache = new Map();
/** @param {string} json */
function intlCall(json) {
  const { kind, locales, options, method, args } = JSON.parse(json);
  if (kind === 'Intl') return JSON.stringify(Intl.getCanonicalLocales(locales ?? undefined));
  const Constructor = /** @type {any} */ (Intl)[kind];
  if (!Constructor) throw new TypeError(`Intl.${kind} is not available`);
  if (method === 'supportedLocalesOf') return JSON.stringify(Constructor.supportedLocalesOf(locales ?? []));
  const key = `${kind}|${JSON.stringify(locales)}|${JSON.stringify(options)}`;
  let formatter = intlCache.get(key);
  if (!formatter) {
    formatter = new Constructor(locales ?? undefined, options ?? undefined);
    if (intlCache.size >= 500) intlCache.delete(intlCache.keys().next().value);
    intlCache.set(key, formatter);
  }
  if (typeof formatter[method] !== 'function') throw new TypeError(`Intl.${kind}.prototype.${method} is not available`);
  const values = kind === 'DateTimeFormat' && method !== 'resolvedOptions' ? args.map((/** @type {number} */ ms) => new Date(ms)) : args;
  return JSON.stringify(formatter[method](...values) ?? null);
}

/** @param {string} href @param {string | null} base */
function urlRecord(href, base) {
  let url;
  try {
    url = base === null ? new URL(href) : new URL(href, base);
  } catch {
    throw new TypeError(`Invalid URL: ${href}`);
  }
  const { protocol, username, password, host, hostname, port: urlPort, pathname, search, hash, origin } = url;
  return JSON.stringify({ href: url.href, protocol, username, password, host, hostname, port: urlPort, pathname, search, hash, origin });
}

/** @param {Uint8Array} bytes @param {string} encoding */
function decodeBytes(bytes, encoding) {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(/** @type {BufferEncoding} */ (encoding));
}

// ------------------------------------------------------------ the warm context

/**
 * @typedef {{ vm: any, runtime: any, guest: any, luxon: boolean, logs: string[], calls: Array<{ id: number, kind: string, payload: string }>, files: Set<string>, baseBytes: number }} Warm
 */

let loaded = await loadModule(64 * 1024 * 1024);
/** @type {Warm | undefined} */
let warm;
// QuickJS can abort while freeing a runtime after an out-of-memory error or after many objects
// were made inside a promise job (quickjs-emscripten issues 257 and 269). The run's result is
// already read by then; the broken module is dropped and a fresh one loaded for the next run.
let broken = false;

/**
 * A host function for the guest: arguments at `bytes` positions are ArrayBuffers (copied out),
 * the others plain values; a Uint8Array result goes back as an ArrayBuffer.
 * @param {any} vm @param {string} name @param {(...args: any[]) => any} fn @param {number[]} bytes
 */
function hostFunction(vm, name, fn, bytes) {
  return vm.newFunction(name, (/** @type {any[]} */ ...handles) => {
    const args = handles.map((handle, index) => (bytes.includes(index) && vm.typeof(handle) === 'object' ? bytesOf(vm, handle) : vm.dump(handle)));
    const value = fn(...args);
    if (value === undefined) return vm.undefined;
    if (value instanceof Uint8Array) return vm.newArrayBuffer(value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength));
    if (typeof value === 'string') return vm.newString(value);
    if (typeof value === 'number') return vm.newNumber(value);
    return vm.undefined;
  });
}

/** @param {any} vm @param {any} handle */
function bytesOf(vm, handle) {
  const lifetime = vm.getArrayBuffer(handle);
  const copy = new Uint8Array(lifetime.value);
  lifetime.dispose();
  return copy;
}

function makeWarm() {
  const runtime = loaded.module.newRuntime();
  runtime.setMaxStackSize(1024 * 1024);
  const vm = runtime.newContext();
  /** @type {Warm} */
  const context = { vm, runtime, guest: undefined, luxon: false, logs: [], calls: [], files: new Set(), baseBytes: 0 };
  const host = vm.newObject();
  const functions = {
    log: (/** @type {string} */ text) => void (context.logs.length < 500 && context.logs.push(String(text))),
    encode: (/** @type {string} */ text, /** @type {BufferEncoding} */ encoding) => new Uint8Array(Buffer.from(text, encoding)),
    decode: decodeBytes,
    hash: (/** @type {string} */ algorithm, /** @type {Uint8Array} */ data, /** @type {Uint8Array | undefined} */ key, /** @type {string} */ encoding) => {
      const digest = (key ? crypto.createHmac(algorithm, key) : crypto.createHash(algorithm)).update(data);
      return encoding === 'buffer' ? new Uint8Array(digest.digest()) : digest.digest(/** @type {crypto.BinaryToTextEncoding} */ (encoding));
    },
    hashes: () => JSON.stringify(crypto.getHashes()),
    randomBytes: (/** @type {number} */ size) => {
      if (!Number.isInteger(size) || size < 0 || size > 65536) throw new RangeError('randomBytes takes a size from 0 to 65536');
      return new Uint8Array(crypto.randomBytes(size));
    },
    randomUUID: () => crypto.randomUUID(),
    url: urlRecord,
    urlSet: (/** @type {string} */ href, /** @type {string} */ field, /** @type {string} */ value) => {
      const url = new URL(href);
      /** @type {any} */ (url)[field] = value;
      return urlRecord(url.href, null);
    },
    intl: intlCall,
    jmespath: (/** @type {string} */ json, /** @type {string} */ expression) => JSON.stringify(jmespath.search(JSON.parse(json), expression) ?? null),
    readBinary: (/** @type {string} */ file) => fs.readFileSync(binaryFile(context, file)).toString('base64'),
    readBinaryBytes: (/** @type {string} */ file) => new Uint8Array(fs.readFileSync(binaryFile(context, file))),
    call: (/** @type {number} */ id, /** @type {string} */ kind, /** @type {string} */ payload) => void context.calls.push({ id, kind, payload }),
  };
  /** @type {Record<string, number[]>} */
  const bytePositions = { decode: [0], hash: [1, 2] };
  for (const [name, fn] of Object.entries(functions)) {
    const handle = hostFunction(vm, name, fn, bytePositions[name] ?? []);
    vm.setProp(host, name, handle);
    handle.dispose();
  }
  const install = vm.unwrapResult(vm.evalCode(GUEST, 'guest.js'));
  const guest = vm.unwrapResult(vm.callFunction(install, vm.undefined, host));
  install.dispose();
  host.dispose();
  context.guest = guest;
  callGuest(context, 'seal');
  context.baseBytes = usedBytes(context);
  return context;
}

/** Only the files of this run's input items may be read. @param {Warm} context @param {string} file */
function binaryFile(context, file) {
  if (!context.files.has(file)) throw new Error('This binary data is not among the step\'s input items.');
  return file;
}

/** What the warm context holds now, in bytes. @param {Warm} context */
function usedBytes(context) {
  const usage = context.runtime.computeMemoryUsage();
  const value = context.vm.dump(usage);
  usage.dispose();
  return typeof value?.memory_used_size === 'number' ? value.memory_used_size : WARM_BYTES;
}

/** @param {Warm} context @param {string} method @param {...any} args */
function callGuest(context, method, ...args) {
  const { vm } = context;
  const fn = vm.getProp(context.guest, method);
  const handles = args.map((arg) => (typeof arg === 'string' ? vm.newString(arg) : typeof arg === 'number' ? vm.newNumber(arg) : typeof arg === 'boolean' ? (arg ? vm.true : vm.false) : arg));
  const result = vm.callFunction(fn, context.guest, ...handles);
  fn.dispose();
  for (let i = 0; i < handles.length; i++) if (typeof args[i] === 'string' || typeof args[i] === 'number') handles[i].dispose();
  if (result.error) {
    const error = vm.dump(result.error);
    result.error.dispose();
    throw Object.assign(new Error(typeof error === 'object' && error ? `${error.name ?? 'Error'}: ${error.message}` : String(error)), { guest: error });
  }
  const value = vm.dump(result.value);
  result.value.dispose();
  return value;
}

/** @param {Warm} context */
function loadLuxon(context) {
  const { vm } = context;
  const namespace = vm.unwrapResult(vm.evalCode(`(function () {\n${LUXON}\n;return luxon;\n})()`, 'luxon.js'));
  const adopt = vm.getProp(context.guest, 'adoptLuxon');
  vm.unwrapResult(vm.callFunction(adopt, context.guest, namespace)).dispose();
  adopt.dispose();
  namespace.dispose();
  context.luxon = true;
  context.baseBytes = usedBytes(context);
}

function dropWarm() {
  const context = warm;
  warm = undefined;
  if (!context) return;
  try {
    context.guest.dispose();
    context.vm.dispose();
    context.runtime.dispose();
  } catch {
    broken = true;
  }
}

// ------------------------------------------------------------ one run

const sleeper = new Int32Array(new SharedArrayBuffer(4));
/** Pending answers to the guest's asynchronous calls (HTTP), by call id. */
const answers = new Map();

/**
 * @param {{ id: number, requestJson: string, timeoutMs: number, memoryBytes: number, luxon: boolean, files?: string[] }} request
 * @returns {Promise<{ ok: boolean, resultJson?: string, error?: string, logs: string[] }>}
 */
async function run(request) {
  if (!warm) warm = makeWarm();
  const context = warm;
  context.logs = [];
  context.calls = [];
  context.files = new Set(request.files ?? []);
  if (request.luxon && !context.luxon) loadLuxon(context);
  const { runtime } = context;
  runtime.setMemoryLimit(context.baseBytes + request.memoryBytes);
  const deadline = Date.now() + request.timeoutMs;
  runtime.setInterruptHandler(shouldInterruptAfterDeadline(deadline));
  let healthy = true;
  try {
    callGuest(context, 'run', request.requestJson);
    for (;;) {
      const jobs = runtime.executePendingJobs(-1);
      if (jobs.error) {
        const error = context.vm.dump(jobs.error);
        jobs.error.dispose();
        throw Object.assign(new Error(String(error?.message ?? error)), { guest: error });
      }
      const outcome = callGuest(context, 'poll');
      if (typeof outcome === 'string') {
        const parsed = outcome.startsWith('{"error":') ? JSON.parse(outcome) : undefined;
        if (parsed) {
          const error = describe(parsed.error, deadline);
          if (/time limit|memory/.test(error)) healthy = false;
          return { ok: false, error, logs: context.logs };
        }
        return { ok: true, resultJson: outcome, logs: context.logs };
      }
      if (context.calls.length > 0) {
        await answerCalls(context, request.id, deadline);
        continue;
      }
      const wait = callGuest(context, 'nextTimer');
      if (typeof wait !== 'number' || wait < 0) return { ok: false, error: 'The code did not finish: it is still waiting on a promise that never settles.', logs: context.logs };
      if (Date.now() + wait > deadline) return { ok: false, error: 'The code ran past its time limit and was stopped.', logs: context.logs };
      if (wait > 0) Atomics.wait(sleeper, 0, 0, wait);
      callGuest(context, 'fireTimer');
    }
  } catch (error) {
    healthy = false;
    const guest = /** @type {any} */ (error).guest;
    return { ok: false, error: describe(guest ?? error, deadline), logs: context.logs };
  } finally {
    runtime.setInterruptHandler(() => false);
    try {
      callGuest(context, 'reset');
    } catch {
      healthy = false;
    }
    // After an interrupt or an out-of-memory error the context is not trusted again.
    if (!healthy || memoryFull()) dropWarm();
  }
}

/**
 * Hands the guest's pending calls to the main thread and settles them as the answers come,
 * all within the step's time.
 * @param {Warm} context @param {number} runId @param {number} deadline
 */
async function answerCalls(context, runId, deadline) {
  const calls = context.calls.splice(0);
  const replies = calls.map(
    (call) =>
      new Promise((resolve) => {
        answers.set(`${runId}:${call.id}`, resolve);
        parentPort.postMessage({ call: { runId, id: call.id, kind: call.kind, payload: call.payload } });
      }),
  );
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  const timeout = new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now()))));
  try {
    for (const [i, call] of calls.entries()) {
      const reply = /** @type {any} */ (await Promise.race([replies[i], timeout]));
      if (reply === 'timeout') throw new Error('interrupted');
      callGuest(context, 'settleCall', call.id, reply.ok === true, reply.ok ? reply.json : reply.error);
    }
  } finally {
    clearTimeout(timer);
  }
}

/** @param {any} error @param {number} deadline */
function describe(error, deadline) {
  const text = typeof error === 'object' && error !== null ? `${error.name ?? 'Error'}: ${error.message ?? JSON.stringify(error)}` : String(error);
  if (/interrupted/i.test(text) && Date.now() >= deadline) return 'The code ran past its time limit and was stopped.';
  // With its memory full, QuickJS may not even manage to make the error object.
  if (/out of memory/i.test(text) || ((error === null || text === 'null') && memoryFull())) return 'The code used more memory than its limit and was stopped.';
  return text.replace(/^Error: (\w*Error: )/, '$1');
}

/** The module's memory has grown to within a growth step of its cap. */
function memoryFull() {
  return loaded.module.getWasmMemory().buffer.byteLength + 2 * 1024 * 1024 >= loaded.maximum * PAGE;
}

/** @param {any} request */
async function handle(request) {
  let reply;
  try {
    // A memory sized for this step's limit; the module is kept while steps ask for the same.
    if (loaded.maximum !== pagesFor(request.memoryBytes)) {
      dropWarm();
      loaded = await loadModule(request.memoryBytes);
    }
    reply = { id: request.id, ...(await run(request)) };
  } catch (error) {
    reply = { id: request.id, ok: false, error: error instanceof Error ? error.message : String(error), logs: [] };
  }
  if (broken) {
    warm = undefined;
    loaded = await loadModule(request.memoryBytes);
    broken = false;
  }
  return reply;
}

// The main thread sends the next steps before this one ends (so this thread never idles waiting
// for a busy main thread to hand it work); they run one at a time, in the order sent. A step
// cancelled before its turn is skipped.
/** @type {any[]} */
const queue = [];
const cancelled = new Set();
let working = false;
async function drain() {
  if (working) return;
  working = true;
  while (queue.length > 0) {
    const request = queue.shift();
    for (const id of cancelled) if (id < request.id) cancelled.delete(id);
    if (cancelled.delete(request.id)) {
      parentPort.postMessage({ id: request.id, skipped: true });
      continue;
    }
    parentPort.postMessage(await handle(request));
  }
  working = false;
}

parentPort.on('message', (message) => {
  if (message.answer) {
    const resolve = answers.get(`${message.answer.runId}:${message.answer.id}`);
    answers.delete(`${message.answer.runId}:${message.answer.id}`);
    resolve?.(message.answer);
    return;
  }
  if (message.cancel !== undefined) {
    cancelled.add(message.cancel);
    return;
  }
  queue.push(message);
  void drain();
});
// Warm before the first step asks.
try {
  warm = makeWarm();
} catch (error) {
  console.error(`The code sandbox could not prepare its context: ${error instanceof Error ? error.message : String(error)}`);
}
parentPort.postMessage({ ready: true });

// eslint-disable-next-line @typescript-eslint/ban-ts-comment -- guest code: it runs inside QuickJS (evaluated from its source text), where Node's and the DOM's types do not apply.
// @ts-nocheck
// The part of the code sandbox that runs INSIDE QuickJS: Node-like globals (Buffer, URL,
// TextEncoder, timers, Intl, require of an allowlist) and n8n's Code node API ($input, $(),
// $items(), $getWorkflowStaticData, ...). The worker evaluates `installGuest`'s source text in
// a QuickJS context, so this function must stay self-contained: it may use only its `host`
// argument (functions the worker provides) and what QuickJS itself has.

/**
 * @param {any} host
 * @returns {any}
 */
export function installGuest(host) {
  'use strict';
  const G = globalThis;
  const hide = (target, name, value) => Object.defineProperty(target, name, { value, writable: true, configurable: true, enumerable: false });

  // ------------------------------------------------------------ bytes and encodings

  const ENCODINGS = { utf8: 'utf8', 'utf-8': 'utf8', base64: 'base64', base64url: 'base64url', hex: 'hex', latin1: 'latin1', binary: 'latin1', ascii: 'ascii', utf16le: 'utf16le', 'utf-16le': 'utf16le', ucs2: 'utf16le', 'ucs-2': 'utf16le' };
  const encodingOf = (encoding) => {
    if (encoding === undefined || encoding === null) return 'utf8';
    const known = ENCODINGS[String(encoding).toLowerCase()];
    if (!known) throw new TypeError(`Unknown encoding: ${encoding}`);
    return known;
  };
  const bufferOf = (bytes) => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const encode = (text, encoding) => new Uint8Array(host.encode(String(text), encodingOf(encoding)));
  const decode = (bytes, encoding) => host.decode(bufferOf(bytes), encodingOf(encoding));

  class Buffer extends Uint8Array {
    static from(value, encodingOrOffset, length) {
      if (typeof value === 'string') return Buffer.wrap(encode(value, encodingOrOffset));
      if (value instanceof ArrayBuffer) {
        const offset = encodingOrOffset === undefined ? 0 : Number(encodingOrOffset);
        return new Buffer(value, offset, length === undefined ? value.byteLength - offset : Number(length));
      }
      if (ArrayBuffer.isView(value)) {
        const copy = new Buffer(value.byteLength);
        copy.set(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
        return copy;
      }
      if (Array.isArray(value)) {
        const copy = new Buffer(value.length);
        for (let i = 0; i < value.length; i++) copy[i] = Number(value[i]) & 255;
        return copy;
      }
      if (value && typeof value === 'object' && value.type === 'Buffer' && Array.isArray(value.data)) return Buffer.from(value.data);
      if (value && typeof value === 'object' && typeof value.length === 'number') return Buffer.from(Array.from(value));
      throw new TypeError('The first argument must be of type string or an instance of Buffer, ArrayBuffer, or Array or an Array-like Object.');
    }

    static wrap(bytes) {
      return new Buffer(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }

    static alloc(size, fill, encoding) {
      const buffer = new Buffer(Number(size));
      if (fill !== undefined && fill !== 0) {
        const pattern = typeof fill === 'number' ? [fill & 255] : Array.from(typeof fill === 'string' ? encode(fill, encoding) : fill);
        for (let i = 0; i < buffer.length && pattern.length > 0; i++) buffer[i] = pattern[i % pattern.length];
      }
      return buffer;
    }

    static allocUnsafe(size) {
      return new Buffer(Number(size));
    }

    static isBuffer(value) {
      return value instanceof Buffer;
    }

    static isEncoding(encoding) {
      return typeof encoding === 'string' && String(encoding).toLowerCase() in ENCODINGS;
    }

    static byteLength(value, encoding) {
      if (typeof value === 'string') return encode(value, encoding).length;
      return value.byteLength;
    }

    static concat(list, totalLength) {
      const total = totalLength === undefined ? list.reduce((sum, part) => sum + part.length, 0) : Number(totalLength);
      const out = new Buffer(total);
      let offset = 0;
      for (const part of list) {
        if (offset >= total) break;
        const slice = part.length > total - offset ? part.subarray(0, total - offset) : part;
        out.set(slice, offset);
        offset += slice.length;
      }
      return out;
    }

    static compare(a, b) {
      return a.compare(b);
    }

    toString(encoding, start, end) {
      const from = start === undefined ? 0 : Math.max(0, Number(start));
      const to = end === undefined ? this.length : Math.min(this.length, Number(end));
      return decode(this.subarray(from, Math.max(from, to)), encoding);
    }

    toLocaleString(encoding) {
      return this.toString(encoding);
    }

    toJSON() {
      return { type: 'Buffer', data: Array.from(this) };
    }

    equals(other) {
      return this.compare(other) === 0;
    }

    compare(other) {
      const length = Math.min(this.length, other.length);
      for (let i = 0; i < length; i++) if (this[i] !== other[i]) return this[i] < other[i] ? -1 : 1;
      return this.length === other.length ? 0 : this.length < other.length ? -1 : 1;
    }

    slice(start, end) {
      return this.subarray(start, end);
    }

    write(text, offset, length, encoding) {
      if (typeof offset === 'string') [offset, length, encoding] = [0, undefined, offset];
      else if (typeof length === 'string') [length, encoding] = [undefined, length];
      const at = offset === undefined ? 0 : Number(offset);
      const bytes = encode(text, encoding);
      const count = Math.min(bytes.length, this.length - at, length === undefined ? Infinity : Number(length));
      this.set(bytes.subarray(0, count), at);
      return count;
    }

    indexOf(value, byteOffset, encoding) {
      if (typeof value === 'number') return Uint8Array.prototype.indexOf.call(this, value & 255, byteOffset);
      const needle = typeof value === 'string' ? encode(value, encoding) : value;
      const from = byteOffset === undefined ? 0 : Number(byteOffset);
      outer: for (let i = Math.max(0, from); i <= this.length - needle.length; i++) {
        for (let j = 0; j < needle.length; j++) if (this[i + j] !== needle[j]) continue outer;
        return i;
      }
      return -1;
    }

    includes(value, byteOffset, encoding) {
      return this.indexOf(value, byteOffset, encoding) !== -1;
    }

    view() {
      return new DataView(this.buffer, this.byteOffset, this.byteLength);
    }
  }
  const NUMERIC = [
    ['UInt8', 'Uint8', 1], ['Int8', 'Int8', 1], ['UInt16', 'Uint16', 2], ['Int16', 'Int16', 2], ['UInt32', 'Uint32', 4], ['Int32', 'Int32', 4],
    ['Float', 'Float32', 4], ['Double', 'Float64', 8], ['BigUInt64', 'BigUint64', 8], ['BigInt64', 'BigInt64', 8],
  ];
  for (const [name, view, size] of NUMERIC) {
    const ends = size === 1 ? [''] : ['LE', 'BE'];
    for (const end of ends) {
      const little = end === 'LE';
      hide(Buffer.prototype, `read${name}${end}`, function (offset = 0) {
        return this.view()[`get${view}`](offset, little);
      });
      hide(Buffer.prototype, `write${name}${end}`, function (value, offset = 0) {
        this.view()[`set${view}`](offset, value, little);
        return offset + size;
      });
    }
  }
  for (const alias of ['Uint8', 'Uint16LE', 'Uint16BE', 'Uint32LE', 'Uint32BE']) {
    hide(Buffer.prototype, `read${alias}`, Buffer.prototype[`readUInt${alias.slice(4)}`]);
    hide(Buffer.prototype, `write${alias}`, Buffer.prototype[`writeUInt${alias.slice(4)}`]);
  }

  class TextEncoder {
    get encoding() {
      return 'utf-8';
    }

    encode(text = '') {
      return encode(text, 'utf8');
    }
  }

  class TextDecoder {
    constructor(label = 'utf-8') {
      this.encoding = encodingOf(label) === 'utf8' ? 'utf-8' : String(label).toLowerCase();
    }

    decode(bytes) {
      if (bytes === undefined) return '';
      const view = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      return decode(view, this.encoding);
    }
  }

  const btoa = (text) => {
    const value = String(text);
    for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) > 255) throw new Error('Invalid character: btoa takes Latin-1 text only.');
    return decode(encode(value, 'latin1'), 'base64');
  };
  const atob = (text) => decode(encode(String(text).replace(/[\t\n\f\r ]/g, ''), 'base64'), 'latin1');

  // ------------------------------------------------------------ URL

  const formEncode = (text) => encodeURIComponent(text).replace(/%20/g, '+').replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const formDecode = (text) => {
    try {
      return decodeURIComponent(text.replace(/\+/g, ' '));
    } catch {
      return text.replace(/\+/g, ' ');
    }
  };

  class URLSearchParams {
    constructor(init) {
      hide(this, 'list', []);
      hide(this, 'owner', undefined);
      if (init === undefined || init === null) return;
      if (typeof init === 'string') this.parse(init);
      else if (init instanceof URLSearchParams) for (const [k, v] of init.list) this.list.push([k, v]);
      else if (Array.isArray(init)) for (const [k, v] of init) this.list.push([String(k), String(v)]);
      else for (const key of Object.keys(init)) this.list.push([key, String(init[key])]);
    }

    parse(text) {
      this.list.length = 0;
      const query = text.startsWith('?') ? text.slice(1) : text;
      for (const part of query.split('&')) {
        if (part === '') continue;
        const at = part.indexOf('=');
        this.list.push(at < 0 ? [formDecode(part), ''] : [formDecode(part.slice(0, at)), formDecode(part.slice(at + 1))]);
      }
    }

    changed() {
      if (this.owner) this.owner.setSearchFromParams(this.toString());
    }

    append(key, value) {
      this.list.push([String(key), String(value)]);
      this.changed();
    }

    delete(key) {
      const name = String(key);
      this.list.splice(0, this.list.length, ...this.list.filter(([k]) => k !== name));
      this.changed();
    }

    get(key) {
      const found = this.list.find(([k]) => k === String(key));
      return found ? found[1] : null;
    }

    getAll(key) {
      return this.list.filter(([k]) => k === String(key)).map(([, v]) => v);
    }

    has(key) {
      return this.list.some(([k]) => k === String(key));
    }

    set(key, value) {
      const name = String(key);
      const at = this.list.findIndex(([k]) => k === name);
      if (at < 0) this.list.push([name, String(value)]);
      else {
        this.list[at] = [name, String(value)];
        this.list.splice(0, this.list.length, ...this.list.filter(([k], i) => k !== name || i === at));
      }
      this.changed();
    }

    sort() {
      this.list.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      this.changed();
    }

    forEach(callback, thisArg) {
      for (const [k, v] of this.list) callback.call(thisArg, v, k, this);
    }

    keys() {
      return this.list.map(([k]) => k)[Symbol.iterator]();
    }

    values() {
      return this.list.map(([, v]) => v)[Symbol.iterator]();
    }

    entries() {
      return this.list.map(([k, v]) => [k, v])[Symbol.iterator]();
    }

    [Symbol.iterator]() {
      return this.entries();
    }

    get size() {
      return this.list.length;
    }

    toString() {
      return this.list.map(([k, v]) => `${formEncode(k)}=${formEncode(v)}`).join('&');
    }
  }

  const URL_FIELDS = ['href', 'protocol', 'username', 'password', 'host', 'hostname', 'port', 'pathname', 'search', 'hash'];
  class URL {
    constructor(input, base) {
      hide(this, 'record', JSON.parse(host.url(String(input), base === undefined ? null : String(base))));
      hide(this, 'params', new URLSearchParams(this.record.search));
      this.params.owner = this;
    }

    static canParse(input, base) {
      try {
        new URL(input, base);
        return true;
      } catch {
        return false;
      }
    }

    update(field, value) {
      this.record = JSON.parse(host.urlSet(this.record.href, field, String(value)));
      if (field === 'search' || field === 'href') this.params.parse(this.record.search);
    }

    setSearchFromParams(search) {
      this.record = JSON.parse(host.urlSet(this.record.href, 'search', search));
    }

    get origin() {
      return this.record.origin;
    }

    get searchParams() {
      return this.params;
    }

    toString() {
      return this.record.href;
    }

    toJSON() {
      return this.record.href;
    }
  }
  for (const field of URL_FIELDS) {
    Object.defineProperty(URL.prototype, field, {
      get() {
        return this.record[field];
      },
      set(value) {
        this.update(field, value);
      },
      enumerable: true,
      configurable: true,
    });
  }

  // ------------------------------------------------------------ Intl, backed by the host's

  const intl = (kind, locales, options, method, args) => JSON.parse(host.intl(JSON.stringify({ kind, locales: locales ?? null, options: options ?? null, method, args })));
  const millis = (date) => (date === undefined ? Date.now() : typeof date === 'number' ? date : +date);
  const intlClass = (kind, methods) => {
    const Class = function (locales, options) {
      if (!(this instanceof Class)) return new Class(locales, options);
      hide(this, 'locales', locales === undefined ? null : locales);
      hide(this, 'options', options === undefined ? null : options);
    };
    for (const [name, convert] of Object.entries(methods)) {
      hide(Class.prototype, name, function (...args) {
        return intl(kind, this.locales, this.options, name, convert(args));
      });
    }
    hide(Class, 'supportedLocalesOf', (locales) => intl(kind, locales, null, 'supportedLocalesOf', []));
    return Class;
  };
  const none = () => [];
  const Intl = {
    DateTimeFormat: intlClass('DateTimeFormat', { format: ([d]) => [millis(d)], formatToParts: ([d]) => [millis(d)], formatRange: ([a, b]) => [millis(a), millis(b)], resolvedOptions: none }),
    NumberFormat: intlClass('NumberFormat', { format: ([n]) => [Number(n)], formatToParts: ([n]) => [Number(n)], resolvedOptions: none }),
    RelativeTimeFormat: intlClass('RelativeTimeFormat', { format: ([v, u]) => [Number(v), String(u)], formatToParts: ([v, u]) => [Number(v), String(u)], resolvedOptions: none }),
    PluralRules: intlClass('PluralRules', { select: ([n]) => [Number(n)], resolvedOptions: none }),
    ListFormat: intlClass('ListFormat', { format: ([list]) => [Array.from(list, String)], resolvedOptions: none }),
    Collator: intlClass('Collator', { compare: ([a, b]) => [String(a), String(b)], resolvedOptions: none }),
    getCanonicalLocales: (locales) => intl('Intl', locales, null, 'getCanonicalLocales', []),
  };
  hide(Date.prototype, 'toLocaleString', function (locales, options) {
    return new Intl.DateTimeFormat(locales, options ?? { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).format(this);
  });
  hide(Date.prototype, 'toLocaleDateString', function (locales, options) {
    return new Intl.DateTimeFormat(locales, options ?? { year: 'numeric', month: 'numeric', day: 'numeric' }).format(this);
  });
  hide(Date.prototype, 'toLocaleTimeString', function (locales, options) {
    return new Intl.DateTimeFormat(locales, options ?? { hour: 'numeric', minute: 'numeric', second: 'numeric' }).format(this);
  });
  hide(Number.prototype, 'toLocaleString', function (locales, options) {
    return new Intl.NumberFormat(locales, options).format(Number(this));
  });

  // ------------------------------------------------------------ console and timers

  const show = (value) => {
    if (typeof value === 'string') return value;
    if (value instanceof Error) return value.stack ? `${value.name}: ${value.message}` : String(value);
    if (typeof value === 'function') return `[Function${value.name ? `: ${value.name}` : ''}]`;
    if (value === undefined) return 'undefined';
    try {
      const text = JSON.stringify(value);
      return text === undefined ? String(value) : text;
    } catch {
      return String(value);
    }
  };
  const print = (...values) => host.log(values.map(show).join(' '));
  const console = { log: print, info: print, warn: print, error: print, debug: print, trace: print, table: print, dir: print };

  const timers = new Map();
  let nextTimerId = 1;
  const addTimer = (callback, delay, args, repeat) => {
    if (typeof callback !== 'function') throw new TypeError('The "callback" argument must be a function.');
    const id = nextTimerId++;
    const ms = Math.max(repeat ? 1 : 0, Number(delay) || 0);
    timers.set(id, { at: Date.now() + ms, ms, callback, args, repeat });
    return id;
  };
  const setTimeout = (callback, delay, ...args) => addTimer(callback, delay, args, false);
  const setInterval = (callback, delay, ...args) => addTimer(callback, delay, args, true);
  const setImmediate = (callback, ...args) => addTimer(callback, 0, args, false);
  const clearTimer = (id) => void timers.delete(id);

  // ------------------------------------------------------------ modules

  const hashOf = (algorithm, key) => {
    const chunks = [];
    const hash = {
      update(data, encoding) {
        chunks.push(typeof data === 'string' ? encode(data, encoding) : new Uint8Array(data.buffer ?? data, data.byteOffset ?? 0, data.byteLength));
        return hash;
      },
      digest(encoding) {
        const out = host.hash(algorithm, bufferOf(Buffer.concat(chunks)), key === undefined ? undefined : bufferOf(key), encoding === undefined ? 'buffer' : encodingOf(encoding));
        return typeof out === 'string' ? out : Buffer.from(out);
      },
    };
    return hash;
  };
  const keyBytes = (key) => (typeof key === 'string' ? encode(key, 'utf8') : key instanceof ArrayBuffer ? new Uint8Array(key) : new Uint8Array(key.buffer, key.byteOffset, key.byteLength));
  const randomBytes = (size) => Buffer.from(host.randomBytes(Number(size)));
  const getRandomValues = (array) => {
    const bytes = new Uint8Array(host.randomBytes(array.byteLength));
    new Uint8Array(array.buffer, array.byteOffset, array.byteLength).set(bytes);
    return array;
  };
  const crypto = {
    createHash: (algorithm) => hashOf(String(algorithm)),
    createHmac: (algorithm, key) => hashOf(String(algorithm), keyBytes(key)),
    randomBytes,
    randomUUID: () => host.randomUUID(),
    randomInt: (min, max) => {
      const [low, high] = max === undefined ? [0, Number(min)] : [Number(min), Number(max)];
      const word = new Uint32Array(host.randomBytes(4))[0];
      return low + (word % (high - low));
    },
    getRandomValues,
    timingSafeEqual: (a, b) => {
      if (a.byteLength !== b.byteLength) throw new RangeError('Input buffers must have the same byte length');
      let diff = 0;
      for (let i = 0; i < a.byteLength; i++) diff |= a[i] ^ b[i];
      return diff === 0;
    },
    getHashes: () => JSON.parse(host.hashes()),
  };
  const webCrypto = { randomUUID: crypto.randomUUID, getRandomValues };

  const util = {
    TextEncoder,
    TextDecoder,
    format: (...values) => values.map(show).join(' '),
    inspect: show,
    isDeepStrictEqual: (a, b) => JSON.stringify(a) === JSON.stringify(b),
    types: { isDate: (v) => v instanceof Date },
  };
  const querystring = {
    parse: (text) => {
      const out = {};
      for (const [k, v] of new URLSearchParams(String(text))) out[k] = k in out ? [].concat(out[k], v) : v;
      return out;
    },
    stringify: (object) => new URLSearchParams(Object.entries(object).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]]))).toString(),
    escape: formEncode,
    unescape: formDecode,
  };

  // ------------------------------------------------------------ globals, then freezing

  const globals = {
    Buffer, TextEncoder, TextDecoder, URL, URLSearchParams, btoa, atob, console, Intl, crypto: webCrypto,
    setTimeout, setInterval, setImmediate, clearTimeout: clearTimer, clearInterval: clearTimer, clearImmediate: clearTimer,
    structuredClone: (value) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value))),
    queueMicrotask: (callback) => void Promise.resolve().then(callback),
  };
  for (const [name, value] of Object.entries(globals)) hide(G, name, value);

  // Data properties that code commonly assigns on its own objects (`obj.toString = ...`) stay
  // assignable once their prototypes are frozen: the setter defines the property on the object.
  const overridable = (proto, names) => {
    for (const name of names) {
      const descriptor = Object.getOwnPropertyDescriptor(proto, name);
      if (!descriptor || !('value' in descriptor)) continue;
      const value = descriptor.value;
      Object.defineProperty(proto, name, {
        get() {
          return value;
        },
        set(next) {
          if (this === proto) throw new TypeError(`Cannot assign to read only property '${name}'`);
          Object.defineProperty(this, name, { value: next, writable: true, enumerable: true, configurable: true });
        },
        enumerable: descriptor.enumerable,
        configurable: false,
      });
    }
  };
  overridable(Object.prototype, ['toString', 'valueOf', 'constructor', 'toLocaleString', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable']);
  overridable(Function.prototype, ['toString', 'constructor']);
  overridable(Error.prototype, ['name', 'message', 'toString', 'constructor']);

  // One run never leaves a trace for the next: shared objects cannot change.
  const frozen = new WeakSet();
  const deepFreeze = (root) => {
    const stack = [root];
    while (stack.length > 0) {
      const value = stack.pop();
      if ((typeof value !== 'object' && typeof value !== 'function') || value === null || frozen.has(value)) continue;
      frozen.add(value);
      if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) continue;
      Object.freeze(value);
      stack.push(Object.getPrototypeOf(value));
      for (const key of Reflect.ownKeys(value)) {
        const descriptor = Object.getOwnPropertyDescriptor(value, key);
        if (!descriptor) continue;
        if ('value' in descriptor) stack.push(descriptor.value);
        else stack.push(descriptor.get, descriptor.set);
      }
    }
  };

  /**
   * Globals as they were after setup; each run's additions go and its changes are undone.
   * Checking every global after every run cost more than a trivial run itself, so QuickJS's own
   * built-ins (Object, JSON, Math…, already frozen within) are bound read-only instead, and
   * only the guest's own globals (which code may reassign, as `crypto = require('crypto')`) and
   * the run's globals are looked at. An added global shows in the count of the global's keys.
   */
  let baseline = new Map();
  let baselineKeys = 0;
  const ASSIGNABLE = new Set(Object.keys(globals));
  const seal = (extra = []) => {
    for (const name of Reflect.ownKeys(G)) {
      if (name === 'globalThis') continue;
      deepFreeze(Object.getOwnPropertyDescriptor(G, name).value);
    }
    for (const value of extra) deepFreeze(value);
    for (const name of RUN_GLOBALS) hide(G, name, undefined);
    for (const name of Reflect.ownKeys(G)) {
      const descriptor = Object.getOwnPropertyDescriptor(G, name);
      if (ASSIGNABLE.has(name) || RUN_GLOBALS.includes(name) || !descriptor.configurable) continue;
      Object.defineProperty(G, name, 'value' in descriptor ? { writable: false, configurable: false } : { configurable: false });
    }
    baseline = new Map([...ASSIGNABLE].map((name) => [name, Object.getOwnPropertyDescriptor(G, name)]));
    baselineKeys = Reflect.ownKeys(G).length;
  };
  const restoreGlobals = () => {
    // Defining (not assigning) runs no setter the code may have put there.
    for (const name of RUN_GLOBALS) hide(G, name, undefined);
    for (const [name, descriptor] of baseline) {
      const now = Object.getOwnPropertyDescriptor(G, name);
      if (!now || now.value !== descriptor.value || now.get !== descriptor.get || now.set !== descriptor.set) Object.defineProperty(G, name, descriptor);
    }
    const keys = Reflect.ownKeys(G);
    if (keys.length === baselineKeys) return;
    for (const name of keys) {
      if (baseline.has(name) || RUN_GLOBALS.includes(name) || !Object.getOwnPropertyDescriptor(G, name).configurable) continue;
      delete G[name];
    }
    // What could not be removed (defined non-configurable by the code) fails the reset: the context is dropped.
    if (Reflect.ownKeys(G).length !== baselineKeys) throw new Error('A run left a global that cannot be removed.');
  };

  // ------------------------------------------------------------ luxon, handed over on demand

  let luxon;
  let restoreLuxon = () => {};
  /** The worker evaluates luxon's bundle and hands its namespace over, the first time a run needs it. */
  const adoptLuxon = (namespace) => {
    luxon = namespace;
    const settings = luxon.Settings;
    const saved = { defaultZone: settings.defaultZone, defaultLocale: settings.defaultLocale, throwOnInvalid: settings.throwOnInvalid };
    restoreLuxon = () => {
      settings.defaultZone = saved.defaultZone;
      settings.defaultLocale = saved.defaultLocale;
      settings.throwOnInvalid = saved.throwOnInvalid;
    };
    deepFreeze(luxon);
  };
  const useLuxon = () => luxon;

  // ------------------------------------------------------------ one run

  const compiled = new Map();
  /** Names a run defines as globals (so the code may declare its own `items`, as in n8n). */
  const RUN_GLOBALS = [
    'items', 'item', '$input', '$json', '$binary', '$', '$node', '$items', '$item', '$getWorkflowStaticData', '$workflow', '$execution',
    '$prevNode', '$runIndex', '$itemIndex', '$now', '$today', '$jmespath', '$env', '$vars', '$parameter', '$mode', '$nodeVersion', '$position',
    'DateTime', 'Duration', 'Interval', 'require',
  ];
  const AsyncFunction = (async () => {}).constructor;
  const compile = (code, isAsync) => {
    const key = `${isAsync ? 'a' : 's'}:${code}`;
    let fn = compiled.get(key);
    if (!fn) {
      // The user's code is the body of a function, as in n8n's Code node: this is the sandbox.
      // eslint-disable-next-line no-new-func
      fn = isAsync ? new AsyncFunction(code) : new Function(code);
      deepFreeze(fn);
      if (compiled.size >= 200) compiled.delete(compiled.keys().next().value);
      compiled.set(key, fn);
    }
    return fn;
  };

  const describe = (error) => {
    if (error && typeof error === 'object') {
      const where = /code\.js:(\d+)/.exec(String(error.stack ?? ''));
      const message = `${String(error.name ?? 'Error')}: ${String(error.message ?? error)}`;
      return where ? `${message} [line ${Math.max(1, Number(where[1]) - 2)}]` : message;
    }
    return String(error);
  };

  let state;

  const MODULES = {
    crypto: () => crypto,
    buffer: () => ({ Buffer }),
    url: () => ({ URL, URLSearchParams }),
    util: () => util,
    querystring: () => querystring,
    luxon: () => useLuxon(),
    jmespath: () => ({ search: jmespath }),
  };
  const requireModule = (allowed) => (name) => {
    const id = String(name).replace(/^node:/, '');
    if (MODULES[id] && allowed.includes(id)) {
      const module = MODULES[id]();
      if (module) return module;
    }
    const offered = Object.keys(MODULES).filter((known) => allowed.includes(known));
    throw new Error(
      `Cannot require '${name}' in a Code step: ${MODULES[id] ? `it is not allowed by the ECHELON_CODE_MODULES setting` : 'the sandbox has no such module (no npm packages, no fs, http or child_process)'}. Allowed here: ${offered.join(', ') || 'none'}.`,
    );
  };

  const jmespath = (data, expression) => {
    if (typeof expression !== 'string') throw new Error('$jmespath takes the data first, then a JMESPath expression (a string).');
    return JSON.parse(host.jmespath(JSON.stringify(data === undefined ? null : data), expression) ?? 'null');
  };

  /** Binary data of input items, read from the host the first time `data` is read. */
  const binaryRefs = new WeakMap();
  const inputBinary = (ref, file) => {
    let data;
    let replaced = false;
    const entry = { mimeType: ref.mimeType, fileSize: ref.fileSize, id: ref.file };
    if (ref.fileName !== undefined) entry.fileName = ref.fileName;
    const extension = /\.([A-Za-z0-9]+)$/.exec(ref.fileName ?? '');
    if (extension) entry.fileExtension = extension[1].toLowerCase();
    Object.defineProperty(entry, 'data', {
      get() {
        if (data === undefined) data = host.readBinary(file);
        return data;
      },
      set(value) {
        data = value;
        replaced = true;
      },
      enumerable: true,
      configurable: true,
    });
    binaryRefs.set(entry, { ref, changed: () => replaced });
    return entry;
  };
  const bytesOfBinary = (entry) => {
    const known = binaryRefs.get(entry);
    if (known && !known.changed()) return Buffer.from(host.readBinaryBytes(state.binaryFiles[known.ref.file]));
    return Buffer.from(String(entry.data ?? ''), 'base64');
  };
  const prepareBinary = (data, fileName, mimeType) => {
    const bytes = typeof data === 'string' ? encode(data, 'utf8') : data;
    const entry = { data: decode(bytes, 'base64'), mimeType: mimeType ?? 'application/octet-stream', fileSize: bytes.length };
    if (fileName !== undefined) {
      entry.fileName = String(fileName);
      const extension = /\.([A-Za-z0-9]+)$/.exec(entry.fileName);
      if (extension) entry.fileExtension = extension[1].toLowerCase();
    }
    return entry;
  };

  const toItems = (list, files) =>
    list.map((raw) => {
      const item = { json: raw.json };
      if (raw.binary) {
        item.binary = {};
        for (const [key, ref] of Object.entries(raw.binary)) item.binary[key] = inputBinary(ref, files[ref.file]);
      }
      if (raw.pairedItem) item.pairedItem = raw.pairedItem;
      return item;
    });

  const nodeAccessor = (request, name, current) => {
    const node = request.nodes[name];
    if (!node) {
      if (request.nodeNames.includes(name)) throw new Error(`Node '${name}' hasn't been executed yet in this execution`);
      throw new Error(`Referenced node doesn't exist: there is no node named '${name}' in this workflow`);
    }
    const items = () => node.items ?? [];
    const paired = (index) => {
      const item = node.paired?.[index];
      if (item === undefined || item === null) throw new Error(`Can't get data for expression under '${name}': paired item data for item ${index} is not available`);
      return item;
    };
    const accessor = {
      all: () => items(),
      first: () => items()[0],
      last: () => items()[items().length - 1],
      itemMatching: (index) => paired(Number(index)),
      pairedItem: (index) => paired(index === undefined ? current() : Number(index)),
      isExecuted: true,
      params: node.parameters ?? {},
      context: {},
    };
    Object.defineProperty(accessor, 'item', {
      get() {
        if (request.mode === 'runOnceForAllItems' && !request.legacy) {
          throw new Error(`Can't use .item in 'Run Once for All Items' mode: use $('${name}').first(), .last(), .all() or .itemMatching(index)`);
        }
        return paired(current());
      },
      enumerable: true,
    });
    return accessor;
  };

  const nodeView = (request, name, current) => {
    const node = request.nodes[name];
    if (!node) return undefined;
    const at = () => (node.items ?? [])[current()];
    return {
      get json() {
        const item = at();
        if (!item) throw new Error(`No data found for item-index: "${current()}"`);
        return item.json;
      },
      get binary() {
        return at()?.binary ?? {};
      },
      get data() {
        return at()?.json;
      },
      parameter: node.parameters ?? {},
      runIndex: 0,
      context: {},
    };
  };

  const buildScope = (request, items, index) => {
    const current = () => index.value;
    const itemsOf = (name) => {
      if (name === undefined) return items;
      const node = request.nodes[String(name)];
      if (!node) throw new Error(`Node "${name}" has not run yet in this execution (or does not exist)`);
      return node.items ?? [];
    };
    const staticData = (type = 'global') => {
      if (type !== 'global' && type !== 'node') throw new Error(`The static data type "${type}" is not known: use "global" or "node".`);
      state.staticDataUsed = true;
      return state.staticData[type];
    };
    const dollar = (name) => {
      if (typeof name !== 'string') throw new Error('$() takes a node name: $("My node")');
      return nodeAccessor(request, name, current);
    };
    const $node = new Proxy({}, { get: (_t, name) => (typeof name === 'string' ? nodeView(request, name, current) : undefined) });
    const lux = useLuxon();
    const $input = {
      all: () => items,
      first: () => items[0],
      last: () => items[items.length - 1],
      params: request.parameters ?? {},
      context: {},
    };
    Object.defineProperty($input, 'item', {
      get() {
        if (request.mode === 'runOnceForAllItems') throw new Error("Can't use $input.item in 'Run Once for All Items' mode: use $input.first(), $input.last() or $input.all()");
        return items[current()];
      },
      enumerable: true,
    });
    const itemView = (at) => {
      const target = items[at];
      return { $json: target?.json, $binary: target?.binary ?? {}, $node: new Proxy({}, { get: (_t, name) => (typeof name === 'string' ? nodeView(request, name, () => at) : undefined) }) };
    };
    const envBlocked = () => {
      throw new Error(request.envBlocked);
    };
    return {
      items,
      item: undefined,
      $input,
      $json: undefined,
      $binary: undefined,
      $: dollar,
      $node,
      $items: itemsOf,
      $item: (at) => itemView(Number(at)),
      $getWorkflowStaticData: staticData,
      $workflow: request.workflow,
      $execution: { ...request.execution, customData: { set() {}, setAll() {}, get: () => undefined, getAll: () => ({}) } },
      $prevNode: request.prevNode,
      $runIndex: request.runIndex,
      $itemIndex: 0,
      $now: lux ? lux.DateTime.now() : undefined,
      $today: lux ? lux.DateTime.now().startOf('day') : undefined,
      $jmespath: jmespath,
      $env: request.env ?? new Proxy({}, { get: envBlocked }),
      $vars: request.vars ?? {},
      $parameter: request.parameters ?? {},
      $mode: request.execution.mode === 'test' ? 'manual' : 'trigger',
      $nodeVersion: 2,
      $position: 0,
      DateTime: lux?.DateTime,
      Duration: lux?.Duration,
      Interval: lux?.Interval,
      require: requireModule(request.modules),
    };
  };

  const helpers = (items) => ({
    getBinaryDataBuffer: async (itemIndex, property) => {
      const entry = items[Number(itemIndex)]?.binary?.[property];
      if (!entry) throw new Error(`Item ${itemIndex} has no binary property "${property}"`);
      return bytesOfBinary(entry);
    },
    prepareBinaryData: async (data, fileName, mimeType) => prepareBinary(data, fileName, mimeType),
    binaryToBuffer: async (data) => (Buffer.isBuffer(data) ? data : Buffer.from(String(data), 'base64')),
    returnJsonArray: (list) => (Array.isArray(list) ? list : [list]).map((json) => ({ json })),
    httpRequest: (options) => hostCall('http', options),
    request: (options) => hostCall('http', typeof options === 'string' ? { url: options } : options),
  });

  // Calls the host answers asynchronously (HTTP): settled by the worker between job runs.
  const calls = new Map();
  let nextCall = 1;
  const hostCall = (kind, payload) =>
    new Promise((resolve, reject) => {
      const id = nextCall++;
      calls.set(id, { resolve, reject });
      host.call(id, kind, JSON.stringify(payload ?? null));
    });

  const normalize = (value, index, each) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new Error(each ? `Code doesn't return an object: return an object (not a list) in 'Run Once for Each Item' mode [item ${index}]` : `Code doesn't return items properly: item ${index} is not an object. Return a list of objects, or of { json: {...} }.`);
    }
    let item;
    if ('json' in value) {
      if (value.json === null || typeof value.json !== 'object' || Array.isArray(value.json)) throw new Error(`A 'json' property isn't an object [item ${index}]: in the returned data, every 'json' property must be an object.`);
      for (const key of Object.keys(value)) {
        if (!['json', 'binary', 'pairedItem', 'error', 'index'].includes(key)) throw new Error(`Unknown top-level item key: ${key} [item ${index}]: access the properties of an item under .json, e.g. item.json`);
      }
      item = { json: value.json };
      if (value.binary && typeof value.binary === 'object') item.binary = value.binary;
      if (value.pairedItem !== undefined) item.pairedItem = value.pairedItem;
    } else item = { json: value };
    return item;
  };

  const serializeBinary = (binary) => {
    const out = {};
    for (const [key, entry] of Object.entries(binary)) {
      if (entry === null || typeof entry !== 'object') continue;
      const known = binaryRefs.get(entry);
      if (known && !known.changed()) out[key] = { $ref: known.ref };
      else {
        const copy = {};
        for (const field of ['data', 'mimeType', 'fileName', 'fileExtension', 'fileSize', 'directory']) if (entry[field] !== undefined) copy[field] = entry[field];
        out[key] = copy;
      }
    }
    return out;
  };

  const finish = (list) => {
    const out = list.map((item) => (item.binary ? { ...item, binary: serializeBinary(item.binary) } : item));
    const result = { items: out };
    if (state.staticDataUsed) result.staticData = state.staticData;
    state.result = JSON.stringify(result);
  };
  const fail = (error) => {
    state.error = describe(error);
  };

  const run = (requestJson) => {
    const request = JSON.parse(requestJson);
    state = { result: undefined, error: undefined, staticData: request.staticData ?? { global: {}, node: {} }, staticDataUsed: false, binaryFiles: request.binaryFiles ?? {} };
    try {
      start(request);
    } catch (error) {
      fail(error);
    }
  };

  const start = (request) => {
    const lux = useLuxon();
    if (lux && request.timezone) lux.Settings.defaultZone = request.timezone;
    const items = toItems(request.items, state.binaryFiles);
    const index = { value: 0 };
    const scope = buildScope(request, items, index);
    const self = { helpers: helpers(items), getInputData: () => items, getWorkflowStaticData: scope.$getWorkflowStaticData, getNodeParameter: (name, _i, fallback) => request.parameters?.[name] ?? fallback, getMode: () => scope.$mode };
    const fn = compile(request.code, request.isAsync);
    const call = (at) => {
      index.value = at;
      scope.$itemIndex = at;
      if (request.mode === 'runOnceForEachItem') {
        // The Function Item node's `item` is the JSON itself.
        scope.item = request.legacy ? items[at].json : items[at];
        scope.$json = items[at].json;
        scope.$binary = items[at].binary ?? {};
      } else {
        scope.$json = items[0]?.json;
        scope.$binary = items[0]?.binary ?? {};
      }
      for (const name of RUN_GLOBALS) hide(G, name, scope[name]);
      return fn.call(self);
    };
    const each = (at, out) => {
      if (at >= items.length) return finish(out);
      let result;
      try {
        result = call(at);
      } catch (error) {
        return afterEach(at, out, undefined, error);
      }
      if (result && typeof result.then === 'function') return result.then((value) => afterEach(at, out, value), (error) => afterEach(at, out, undefined, error));
      return afterEach(at, out, result);
    };
    const afterEach = (at, out, value, error) => {
      if (error !== undefined) {
        if (!request.continueOnFail) throw error;
        out.push({ json: { error: describe(error) }, pairedItem: { item: at } });
      } else if (value !== undefined && value !== null) {
        if (Array.isArray(value)) throw new Error(`Code doesn't return a single object: in 'Run Once for Each Item' mode, return one object per item, not a list [item ${at}]`);
        const item = normalize(value, at, true);
        item.pairedItem = { item: at };
        out.push(item);
      }
      return each(at + 1, out);
    };
    const all = (value) => {
      if (value === undefined || value === null) return finish([]);
      const list = Array.isArray(value) ? value : [value];
      return finish(list.map((entry, i) => normalize(entry, i, false)));
    };
    try {
      const started = request.mode === 'runOnceForEachItem' ? each(0, []) : call(0);
      const settled = request.mode === 'runOnceForEachItem' ? started : started && typeof started.then === 'function' ? started.then(all) : all(started);
      if (settled && typeof settled.then === 'function') settled.then(undefined, fail);
    } catch (error) {
      fail(error);
    }
  };

  return {
    seal,
    adoptLuxon,
    run,
    /** JSON of the outcome once there is one, else null. */
    poll: () => (state.error !== undefined ? JSON.stringify({ error: state.error }) : state.result !== undefined ? state.result : null),
    /** Milliseconds until the next timer is due, or -1 when none is set. */
    nextTimer: () => {
      let next = -1;
      for (const timer of timers.values()) if (next < 0 || timer.at < next) next = timer.at;
      return next < 0 ? -1 : Math.max(0, next - Date.now());
    },
    fireTimer: () => {
      let due;
      for (const [id, timer] of timers) if (!due || timer.at < due[1].at) due = [id, timer];
      if (!due) return;
      const [id, timer] = due;
      if (timer.repeat) timer.at = Date.now() + timer.ms;
      else timers.delete(id);
      timer.callback(...timer.args);
    },
    settleCall: (id, ok, json) => {
      const pending = calls.get(id);
      if (!pending) return;
      calls.delete(id);
      if (ok) pending.resolve(JSON.parse(json));
      else pending.reject(new Error(json));
    },
    pendingCalls: () => calls.size,
    /** After every run: timers, calls and globals the code left, and luxon's settings, are reset. */
    reset: () => {
      timers.clear();
      calls.clear();
      restoreGlobals();
      restoreLuxon();
      state = undefined;
    },
  };
}

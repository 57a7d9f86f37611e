import * as acorn from 'acorn';
import { beginEvaluation, charge, checkArrayLength, checkStringLength, endEvaluation, made, textSize } from './budget';
import { ExpressionError } from './expression-error';
import { guardedCall } from './native-guards';
import { allowedMembers, BLOCKED_NAMES, isPlainObject } from './safe-members';
import { SafeRegExp } from './safe-regexp';

/**
 * A safe evaluator for `{{ ... }}` expressions: acorn parses the text once, then the tree is
 * turned into plain closures over a whitelisted subset of JavaScript (literals, operators,
 * ternaries, member access on plain data, whitelisted methods, arrow functions). Nothing is
 * ever handed to eval, `new Function` or `node:vm`; there is no way to reach a constructor,
 * a prototype or the host, because every lookup goes through `member()` below.
 */

export { ExpressionError };

/** Resolves the free names of an expression (`$json`, `$input`, `Math`, ...). */
export interface ExpressionScope {
  resolve(name: string): unknown;
  /** Told of each value an expression that reads secrets produced (see SecretTaint). */
  tainted?(value: unknown, expression: CompiledExpression): void;
}

type Locals = unknown[] | null;
type Evaluate = (scope: ExpressionScope, locals: Locals) => unknown;

export interface CompiledExpression {
  source: string;
  evaluate(scope: ExpressionScope): unknown;
  /** Free names it reads, so callers can tell which context it needs. */
  names: ReadonlySet<string>;
  /** Vault records it reads (`secrets.NAME`, `secrets.NAME.field`), resolved at use through `$secret`. */
  secrets: ReadonlyArray<{ name: string; field?: string }>;
}

/** Functions expressions may call: ours, never the host's. */
const SAFE_FUNCTIONS = new WeakSet<object>();

export function safeFunction<F extends (...args: never[]) => unknown>(fn: F): F {
  SAFE_FUNCTIONS.add(fn);
  return fn;
}

const cache = new Map<string, CompiledExpression>();
const CACHE_LIMIT = 10_000;

/** Parses and compiles once per distinct text; throws ExpressionError for bad or forbidden syntax. */
export function compileExpression(source: string): CompiledExpression {
  const cached = cache.get(source);
  if (cached) return cached;
  let ast: acorn.Expression;
  try {
    // Parenthesized so an object literal is an expression; one statement, or it is not one expression.
    const program = acorn.parse(`(${source}\n)`, { ecmaVersion: 2023, sourceType: 'script' });
    const statement = program.body[0];
    if (program.body.length !== 1 || statement?.type !== 'ExpressionStatement') throw new Error('not a single expression');
    ast = statement.expression as acorn.Expression;
  } catch (error) {
    throw new ExpressionError(`does not parse: ${(error as Error).message.replace(/\s*\(\d+:\d+\)$/, '')}`);
  }
  const names = new Set<string>();
  const secrets: Array<{ name: string; field?: string }> = [];
  const run = compileNode(ast, [], names, secrets);
  const compiled: CompiledExpression = {
    source,
    names,
    secrets,
    evaluate: (scope) => {
      const saved = beginEvaluation();
      try {
        const value = run(scope, null);
        return value === OPTIONAL_SHORT ? undefined : value;
      } finally {
        endEvaluation(saved);
      }
    },
  };
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(source, compiled);
  return compiled;
}

/** Lexical frames of arrow-function parameters, innermost last: names resolve to slots at compile time. */
type Frames = string[][];

function lookupLocal(frames: Frames, name: string): { depth: number; index: number } | undefined {
  for (let depth = frames.length - 1; depth >= 0; depth--) {
    const index = frames[depth]!.indexOf(name);
    if (index >= 0) return { depth: frames.length - 1 - depth, index };
  }
  return undefined;
}

function forbidden(what: string): never {
  throw new ExpressionError(`${what} is not allowed in expressions`);
}

function checkName(name: string): void {
  if (BLOCKED_NAMES.has(name)) throw new ExpressionError(`"${name}" is not allowed in expressions`);
}

function compileNode(node: acorn.AnyNode, frames: Frames, names: Set<string>, secrets: SecretUse[] = currentSecrets): Evaluate {
  const previous = currentSecrets;
  currentSecrets = secrets;
  try {
    return compileInner(node, frames, names);
  } finally {
    currentSecrets = previous;
  }
}

type SecretUse = { name: string; field?: string };
/** Secret references found while compiling the current expression. */
let currentSecrets: SecretUse[] = [];

/** `secrets.NAME` or `secrets.NAME.field`: read through the vault at use, never as data. */
function secretReference(node: acorn.MemberExpression, frames: Frames, names: Set<string>): Evaluate | undefined {
  const plainName = (member: acorn.MemberExpression) => (!member.computed && member.property.type === 'Identifier' ? member.property.name : undefined);
  const isSecrets = (candidate: acorn.AnyNode) => candidate.type === 'Identifier' && candidate.name === 'secrets' && !lookupLocal(frames, 'secrets');
  let name: string | undefined;
  let field: string | undefined;
  if (isSecrets(node.object)) name = plainName(node);
  else if (node.object.type === 'MemberExpression' && isSecrets(node.object.object)) {
    name = plainName(node.object);
    field = plainName(node);
  }
  if (!name) return undefined;
  names.add('$secret');
  currentSecrets.push(field ? { name, field } : { name });
  const secretName = name;
  const secretField = field;
  return (scope) => invoke(scope.resolve('$secret'), undefined, [secretName, secretField], 'secrets');
}

function compileInner(node: acorn.AnyNode, frames: Frames, names: Set<string>): Evaluate {
  switch (node.type) {
    case 'Literal': {
      if (node.regex) {
        const { pattern, flags } = node.regex;
        // Refused here, at compile time, when RE2 cannot run it; a fresh object per evaluation keeps lastIndex apart.
        SafeRegExp.check(pattern, flags);
        return () => new SafeRegExp(pattern, flags);
      }
      if (typeof node.value === 'bigint') forbidden('BigInt');
      const value = node.value;
      return () => value;
    }
    case 'Identifier':
      return compileIdentifier(node.name, frames, names);
    case 'TemplateLiteral': {
      const quasis = node.quasis.map((quasi) => quasi.value.cooked ?? '');
      const parts = node.expressions.map((expression) => compileNode(expression, frames, names));
      return (scope, locals) => {
        let text = quasis[0]!;
        for (let i = 0; i < parts.length; i++) text += stringify(parts[i]!(scope, locals)) + quasis[i + 1]!;
        return made(text);
      };
    }
    case 'ArrayExpression': {
      const elements = node.elements.map((element) => {
        if (element === null) return { spread: false, run: () => undefined };
        if (element.type === 'SpreadElement') return { spread: true, run: compileNode(element.argument, frames, names) };
        return { spread: false, run: compileNode(element, frames, names) };
      });
      return (scope, locals) => {
        const result: unknown[] = [];
        for (const element of elements) {
          const value = element.run(scope, locals);
          if (element.spread) {
            const items = iterableOf(value);
            checkArrayLength(result.length + items.length);
            for (const item of items) result.push(item);
          } else result.push(value);
        }
        return made(result);
      };
    }
    case 'ObjectExpression': {
      type Property = { spread: Evaluate } | { key: Evaluate; value: Evaluate };
      const properties = node.properties.map((property): Property => {
        if (property.type === 'SpreadElement') return { spread: compileNode(property.argument, frames, names) };
        if (property.kind !== 'init' || property.method) forbidden('A getter, setter or method');
        let key: Evaluate;
        if (property.computed) key = compileNode(property.key, frames, names);
        else if (property.key.type === 'Identifier') {
          const name = property.key.name;
          key = () => name;
        } else key = compileNode(property.key, frames, names);
        return { key, value: compileNode(property.value, frames, names) };
      });
      return (scope, locals) => {
        const result: Record<string, unknown> = {};
        for (const property of properties) {
          if ('spread' in property) {
            const value = property.spread(scope, locals);
            if (value !== null && value !== undefined) {
              if (!isPlainObject(value) && !Array.isArray(value)) throw new ExpressionError('Only plain objects can be spread');
              charge(1 + Object.keys(value).length);
              for (const key of Object.keys(value)) if (!BLOCKED_NAMES.has(key)) result[key] = (value as Record<string, unknown>)[key];
            }
            continue;
          }
          const key = String(property.key(scope, locals));
          checkName(key);
          result[key] = property.value(scope, locals);
        }
        return result;
      };
    }
    case 'MemberExpression': {
      if (node.object.type === 'Super') forbidden('super');
      const secret = secretReference(node, frames, names);
      if (secret) return secret;
      const object = compileNode(node.object, frames, names);
      const key = memberKey(node, frames, names);
      const optional = node.optional;
      return (scope, locals) => {
        const target = object(scope, locals);
        if (optional && (target === null || target === undefined)) return OPTIONAL_SHORT;
        if (target === OPTIONAL_SHORT) return OPTIONAL_SHORT;
        return member(target, key(scope, locals), false);
      };
    }
    case 'ChainExpression': {
      const inner = compileNode(node.expression, frames, names);
      return (scope, locals) => {
        const value = inner(scope, locals);
        return value === OPTIONAL_SHORT ? undefined : value;
      };
    }
    case 'CallExpression':
      return compileCall(node, frames, names);
    case 'NewExpression': {
      if (node.callee.type !== 'Identifier' || node.callee.name !== 'Date') forbidden('"new" (except new Date(...))');
      const args = compileArguments(node.arguments, frames, names);
      return (scope, locals) => new Date(...(args(scope, locals) as []));
    }
    case 'UnaryExpression': {
      if (node.operator === 'delete') forbidden('delete');
      const argument = compileNode(node.argument, frames, names);
      switch (node.operator) {
        case '!':
          return (scope, locals) => !argument(scope, locals);
        case '-':
          return (scope, locals) => -(argument(scope, locals) as number);
        case '+':
          return (scope, locals) => +(argument(scope, locals) as number);
        case '~':
          return (scope, locals) => ~(argument(scope, locals) as number);
        case 'typeof':
          return (scope, locals) => typeofValue(node.argument.type === 'Identifier' ? safeTypeofIdentifier(argument, scope, locals) : argument(scope, locals));
        case 'void':
          return () => undefined;
      }
      return forbidden(`The operator ${node.operator}`);
    }
    case 'BinaryExpression': {
      if (node.left.type === 'PrivateIdentifier') forbidden('A private name');
      const left = compileNode(node.left, frames, names);
      const right = compileNode(node.right, frames, names);
      const op = BINARY[node.operator];
      if (!op) forbidden(`The operator ${node.operator}`);
      return (scope, locals) => op(left(scope, locals), right(scope, locals));
    }
    case 'LogicalExpression': {
      const left = compileNode(node.left, frames, names);
      const right = compileNode(node.right, frames, names);
      if (node.operator === '&&') return (scope, locals) => left(scope, locals) && right(scope, locals);
      if (node.operator === '||') return (scope, locals) => left(scope, locals) || right(scope, locals);
      return (scope, locals) => left(scope, locals) ?? right(scope, locals);
    }
    case 'ConditionalExpression': {
      const test = compileNode(node.test, frames, names);
      const consequent = compileNode(node.consequent, frames, names);
      const alternate = compileNode(node.alternate, frames, names);
      return (scope, locals) => (test(scope, locals) ? consequent(scope, locals) : alternate(scope, locals));
    }
    case 'ArrowFunctionExpression':
      return compileArrow(node, frames, names);
    case 'ParenthesizedExpression':
      return compileNode(node.expression, frames, names);
    case 'SequenceExpression':
      return forbidden('The comma operator');
    case 'AssignmentExpression':
    case 'UpdateExpression':
      return forbidden('Assignment');
    case 'ThisExpression':
      return forbidden('"this"');
    case 'FunctionExpression':
    case 'ClassExpression':
      return forbidden('Declaring functions or classes (use an arrow function)');
    case 'TaggedTemplateExpression':
      return forbidden('A tagged template');
    case 'AwaitExpression':
    case 'YieldExpression':
      return forbidden(`"${node.type === 'AwaitExpression' ? 'await' : 'yield'}"`);
    case 'ImportExpression':
    case 'MetaProperty':
      return forbidden('import');
    default:
      return forbidden(`The syntax ${node.type}`);
  }
}

/** Marks a short-circuited optional chain until its ChainExpression turns it into undefined. */
const OPTIONAL_SHORT: unique symbol = Symbol('optional-short');

function compileIdentifier(name: string, frames: Frames, names: Set<string>): Evaluate {
  checkName(name);
  const local = lookupLocal(frames, name);
  if (local) {
    const { depth, index } = local;
    return (_scope, locals) => {
      let frame = locals as unknown[];
      for (let i = 0; i < depth; i++) frame = frame[frame.length - 1] as unknown[];
      return frame[index];
    };
  }
  if (name === 'undefined') return () => undefined;
  if (name === 'NaN') return () => NaN;
  if (name === 'Infinity') return () => Infinity;
  names.add(name);
  return (scope) => scope.resolve(name);
}

function memberKey(node: acorn.MemberExpression, frames: Frames, names: Set<string>): Evaluate {
  if (node.computed) return compileNode(node.property as acorn.Expression, frames, names);
  if (node.property.type === 'PrivateIdentifier') forbidden('A private name');
  const name = (node.property as acorn.Identifier).name;
  checkName(name);
  return () => name;
}

function compileArguments(nodes: Array<acorn.Expression | acorn.SpreadElement>, frames: Frames, names: Set<string>): (scope: ExpressionScope, locals: Locals) => unknown[] {
  const args = nodes.map((node) =>
    node.type === 'SpreadElement' ? { spread: true, run: compileNode(node.argument, frames, names) } : { spread: false, run: compileNode(node, frames, names) },
  );
  return (scope, locals) => {
    const values: unknown[] = [];
    for (const arg of args) {
      const value = arg.run(scope, locals);
      if (arg.spread) {
        const items = iterableOf(value);
        // Arguments live on the stack: far fewer fit than items in a list.
        if (items.length > MAX_SPREAD_ARGUMENTS) throw new ExpressionError(`Cannot spread ${items.length} values into a call (at most ${MAX_SPREAD_ARGUMENTS})`);
        for (const item of items) values.push(item);
      } else values.push(value);
    }
    return values;
  };
}

function compileCall(node: acorn.CallExpression, frames: Frames, names: Set<string>): Evaluate {
  const args = compileArguments(node.arguments, frames, names);
  const optionalCall = node.optional;
  const callee = node.callee;
  if (callee.type === 'Super') forbidden('super');
  if (callee.type === 'MemberExpression' && callee.object.type !== 'Super') {
    const object = compileNode(callee.object, frames, names);
    const key = memberKey(callee, frames, names);
    const optionalMember = callee.optional;
    return (scope, locals) => {
      const target = object(scope, locals);
      if (target === OPTIONAL_SHORT || (optionalMember && (target === null || target === undefined))) return OPTIONAL_SHORT;
      const name = key(scope, locals);
      const fn = member(target, name, true);
      if (optionalCall && (fn === null || fn === undefined)) return OPTIONAL_SHORT;
      return invoke(fn, target, args(scope, locals), name);
    };
  }
  const fnRun = compileNode(callee, frames, names);
  return (scope, locals) => {
    const fn = fnRun(scope, locals);
    if (fn === OPTIONAL_SHORT) return OPTIONAL_SHORT;
    if (optionalCall && (fn === null || fn === undefined)) return OPTIONAL_SHORT;
    return invoke(fn, undefined, args(scope, locals), callee.type === 'Identifier' ? callee.name : 'expression');
  };
}

function compileArrow(node: acorn.ArrowFunctionExpression, frames: Frames, names: Set<string>): Evaluate {
  if (node.async) forbidden('An async function');
  const params: string[] = [];
  const defaults: Array<Evaluate | undefined> = [];
  for (const param of node.params) {
    if (param.type === 'Identifier') {
      checkName(param.name);
      params.push(param.name);
      defaults.push(undefined);
    } else if (param.type === 'AssignmentPattern' && param.left.type === 'Identifier') {
      checkName(param.left.name);
      params.push(param.left.name);
      defaults.push(undefined);
    } else forbidden('Destructuring parameters');
  }
  const inner = [...frames, params];
  node.params.forEach((param, i) => {
    if (param.type === 'AssignmentPattern') defaults[i] = compileNode(param.right, inner, names);
  });
  if (node.body.type === 'BlockStatement') forbidden('A function body in braces (use an expression body)');
  const body = compileNode(node.body, inner, names);
  return (scope, locals) =>
    safeFunction((...args: unknown[]) => {
      // Every call counts: callbacks of map, filter, reduce and sort are where loops hide.
      charge();
      // The frame's last slot links to the enclosing frame, for closures over outer parameters.
      const frame: unknown[] = new Array(params.length + 1);
      for (let i = 0; i < params.length; i++) {
        const value = args[i];
        frame[i] = value === undefined && defaults[i] ? defaults[i]!(scope, frame) : value;
      }
      frame[params.length] = locals;
      const result = body(scope, frame);
      return result === OPTIONAL_SHORT ? undefined : result;
    });
}

function safeTypeofIdentifier(run: Evaluate, scope: ExpressionScope, locals: Locals): unknown {
  try {
    return run(scope, locals);
  } catch {
    return undefined;
  }
}

function typeofValue(value: unknown): string {
  return typeof value;
}

const INDEX = /^(?:0|[1-9]\d*)$/;

/** The one way expressions read a property. */
function member(target: unknown, key: unknown, forCall: boolean): unknown {
  if (target === null || target === undefined) {
    throw new ExpressionError(`Cannot read "${String(key)}" of ${target === null ? 'null' : 'undefined'}`);
  }
  if (typeof key === 'symbol') throw new ExpressionError('Symbols are not allowed in expressions');
  const name = typeof key === 'number' ? String(key) : String(key);
  if (BLOCKED_NAMES.has(name)) throw new ExpressionError(`"${name}" is not allowed in expressions`);
  if (typeof target === 'function') throw new ExpressionError(`Cannot read "${name}" of a function`);
  if (isPlainObject(target)) return Object.hasOwn(target, name) ? target[name] : undefined;
  if (Array.isArray(target) || typeof target === 'string') {
    if (name === 'length') return target.length;
    if (INDEX.test(name)) return target[Number(name)];
  }
  const allowed = allowedMembers(target);
  if (allowed?.has(name)) {
    const value = (target as Record<string, unknown>)[name];
    if (typeof value === 'function' && !forCall) return undefined;
    return value;
  }
  if (typeof target === 'object' && !Array.isArray(target) && allowed === undefined) {
    // Class instances we did not whitelist (a Buffer, a Map): their own data only.
    return Object.hasOwn(target as object, name) && typeof (target as Record<string, unknown>)[name] !== 'function'
      ? (target as Record<string, unknown>)[name]
      : undefined;
  }
  return undefined;
}

function invoke(fn: unknown, thisArg: unknown, args: unknown[], name: unknown): unknown {
  if (typeof fn !== 'function') throw new ExpressionError(`${String(name)} is not a function`);
  if (thisArg !== undefined && !isPlainObject(thisArg)) {
    // A whitelisted method of a string, array, number, date or DateTime (checked by member()), within the budget.
    return guardedCall(fn as (...args: unknown[]) => unknown, thisArg, args, String(name));
  }
  if (!SAFE_FUNCTIONS.has(fn)) throw new ExpressionError(`${String(name)} cannot be called from an expression`);
  charge();
  return Reflect.apply(fn, undefined, args);
}

const MAX_SPREAD_ARGUMENTS = 10_000;

function iterableOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') {
    checkArrayLength(value.length);
    return [...value];
  }
  throw new ExpressionError('Only arrays and strings can be spread');
}

/** How values look inside a larger text: objects as JSON, as n8n prints them. */
export function stringify(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') {
    if (value instanceof Date) return value.toISOString();
    const text = (value as { toISO?: () => string }).toISO;
    if (typeof text === 'function' && allowedMembers(value)?.has('toISO')) return String(text.call(value));
    checkStringLength(textSize(value));
    return JSON.stringify(value);
  }
  return String(value);
}

/** `+` beyond numbers: an object operand turns into text (an array joins), so its size is checked first. */
function plus(a: unknown, b: unknown): unknown {
  if ((a !== null && typeof a === 'object') || (b !== null && typeof b === 'object')) checkStringLength(textSize(a) + textSize(b));
  const sum = (a as string) + (b as string);
  return typeof sum === 'string' ? made(sum) : sum;
}

const BINARY: Record<string, ((a: unknown, b: unknown) => unknown) | undefined> = {
  '+': (a, b) => (typeof a === 'number' && typeof b === 'number' ? a + b : plus(a, b)),
  '-': (a, b) => (a as number) - (b as number),
  '*': (a, b) => (a as number) * (b as number),
  '/': (a, b) => (a as number) / (b as number),
  '%': (a, b) => (a as number) % (b as number),
  '**': (a, b) => (a as number) ** (b as number),
  '==': (a, b) => a == b,
  '!=': (a, b) => a != b,
  '===': (a, b) => a === b,
  '!==': (a, b) => a !== b,
  '<': (a, b) => (a as number) < (b as number),
  '<=': (a, b) => (a as number) <= (b as number),
  '>': (a, b) => (a as number) > (b as number),
  '>=': (a, b) => (a as number) >= (b as number),
  '&': (a, b) => (a as number) & (b as number),
  '|': (a, b) => (a as number) | (b as number),
  '^': (a, b) => (a as number) ^ (b as number),
  '<<': (a, b) => (a as number) << (b as number),
  '>>': (a, b) => (a as number) >> (b as number),
  '>>>': (a, b) => (a as number) >>> (b as number),
  in: (a, b) => {
    if (b === null || typeof b !== 'object') throw new ExpressionError('"in" needs an object on its right');
    return Object.hasOwn(b, String(a));
  },
};

import { ExpressionError } from './expression-error';

/**
 * What one expression evaluation may cost. Expressions run on the main thread (the fast path
 * for every workflow), so each evaluation is bounded: interpreter steps (function calls,
 * callbacks, and native work by size), wall-clock time, and the size of every string and array
 * it makes, checked before a native call that could make a larger one.
 */
export interface ExpressionLimits {
  /** Steps per evaluation: a call or callback is one, native work one per 32 characters or elements. */
  maxSteps: number;
  /** Wall-clock milliseconds per evaluation. */
  maxMs: number;
  /** Longest string an evaluation may make, in characters. */
  maxStringLength: number;
  /** Longest array an evaluation may make. */
  maxArrayLength: number;
  /** Characters and array slots an evaluation may make in all. */
  maxAllocation: number;
}

export const DEFAULT_EXPRESSION_LIMITS: ExpressionLimits = {
  maxSteps: 200_000,
  maxMs: 1000,
  maxStringLength: 16_000_000,
  maxArrayLength: 5_000_000,
  maxAllocation: 64_000_000,
};

let limits: ExpressionLimits = DEFAULT_EXPRESSION_LIMITS;

/** Sets the limits of every later evaluation (the engine does, from its options). */
export function configureExpressionLimits(next: Partial<ExpressionLimits>): void {
  limits = { ...DEFAULT_EXPRESSION_LIMITS, ...next };
}

export function expressionLimits(): ExpressionLimits {
  return limits;
}

/** How often, in steps, the clock is read. */
const CLOCK_EVERY = 4096;

/**
 * The evaluation running now, in module state: evaluations are synchronous, so one runs at a
 * time (a nested one saves and restores the outer one's counts). Plain variables, no object per
 * evaluation: this sits on the path of every expression of every workflow.
 */
let active = false;
let steps = 0;
let allocated = 0;
let nextClock = CLOCK_EVERY;
/** Set at the first clock reading (after CLOCK_EVERY steps): cheap evaluations never read the clock. */
let deadline = 0;

type Saved = [steps: number, allocated: number, nextClock: number, deadline: number] | undefined;

/** Starts counting an evaluation; hand what it returns to `endEvaluation`. */
export function beginEvaluation(): Saved {
  const saved: Saved = active ? [steps, allocated, nextClock, deadline] : undefined;
  active = true;
  steps = 0;
  allocated = 0;
  nextClock = CLOCK_EVERY;
  deadline = 0;
  return saved;
}

export function endEvaluation(saved: Saved): void {
  if (!saved) {
    active = false;
    return;
  }
  [steps, allocated, nextClock, deadline] = saved;
}

function over(what: string): never {
  throw new ExpressionError(`${what}: the expression was stopped (an expression may use ${limits.maxSteps.toLocaleString('en')} steps and ${limits.maxMs} ms; move heavy work to a Code step)`);
}

/** Counts `units` steps of work. */
export function charge(units = 1): void {
  if (!active) return;
  steps += units;
  if (steps > limits.maxSteps) over('It ran past its step budget');
  if (steps >= nextClock) {
    nextClock = steps + CLOCK_EVERY;
    const now = performance.now();
    if (deadline === 0) deadline = now + limits.maxMs;
    else if (now > deadline) over('It ran past its time limit');
  }
}

/** Work proportional to a size: one step per 32 characters or elements. */
export function chargeSize(size: number): void {
  charge(1 + (size >>> 5));
}

function allocate(units: number): void {
  if (!active) return;
  allocated += units;
  if (allocated > limits.maxAllocation) {
    throw new ExpressionError(`It made more than ${limits.maxAllocation.toLocaleString('en')} characters and array items in all: the expression was stopped (move heavy work to a Code step)`);
  }
}

/** Refuses, before it is made, a string longer than the limit. */
export function checkStringLength(length: number): void {
  if (length > limits.maxStringLength) {
    throw new ExpressionError(`It would make a string of ${Math.round(length).toLocaleString('en')} characters; the limit is ${limits.maxStringLength.toLocaleString('en')}`);
  }
}

/** Refuses, before it is made, an array longer than the limit. */
export function checkArrayLength(length: number): void {
  if (length > limits.maxArrayLength) {
    throw new ExpressionError(`It would make a list of ${Math.round(length).toLocaleString('en')} items; the limit is ${limits.maxArrayLength.toLocaleString('en')}`);
  }
}

/** Accounts for a value just made: its size against the per-value and total limits. */
export function made<T>(value: T): T {
  if (typeof value === 'string') {
    checkStringLength(value.length);
    allocate(value.length);
  } else if (Array.isArray(value)) {
    checkArrayLength(value.length);
    allocate(value.length);
  }
  return value;
}

/**
 * About how many characters `value` takes as text (JSON or join), walking at most up to `cap`:
 * enough to refuse a stringification that would be too long before it runs. Shared references
 * are counted each time, as stringifying would.
 */
export function textSize(value: unknown, cap = limits.maxStringLength): number {
  let size = 0;
  const stack: unknown[] = [value];
  let visited = 0;
  while (stack.length > 0 && size <= cap) {
    const node = stack.pop();
    visited++;
    if (typeof node === 'string') size += node.length + 2;
    else if (node === null || typeof node !== 'object') size += 8;
    else if (Array.isArray(node)) {
      size += 2 + node.length;
      for (let i = node.length - 1; i >= 0; i--) stack.push(node[i]);
    } else {
      const proto = Object.getPrototypeOf(node) as unknown;
      if (proto !== Object.prototype && proto !== null) {
        size += 32;
        continue;
      }
      for (const key of Object.keys(node)) {
        size += key.length + 4;
        stack.push((node as Record<string, unknown>)[key]);
      }
      size += 2;
    }
  }
  chargeSize(visited);
  return size;
}

import { afterEach, describe, expect, it } from 'vitest';
import { configureExpressionLimits } from '../../electron/main/services/engine/expressions/budget';
import { compileExpression } from '../../electron/main/services/engine/expressions/compile';
import { ItemScope } from '../../electron/main/services/engine/expressions/scope';

const scope = new ItemScope({
  workflow: { id: 'wf', name: 'W' },
  execution: { id: 1, mode: 'manual' },
  variables: {},
  payload: undefined,
  nodeName: 'N',
  runIndex: 0,
  input: [{ json: { text: 'a-b-c', csv: 'x,y,z' } }],
  nodeRun: () => undefined,
  secret: () => 'unused',
});
const run = (source: string) => compileExpression(source).evaluate(scope);
const timed = (source: string) => {
  const started = performance.now();
  try {
    return { value: run(source), ms: performance.now() - started };
  } catch (error) {
    return { error: (error as Error).message, ms: performance.now() - started };
  }
};

afterEach(() => configureExpressionLimits({}));

describe('regular expressions in expressions (RE2)', () => {
  it('behave as JavaScript for the common cases', () => {
    expect(run("$json.text.replace(/-/g, '+')")).toBe('a+b+c');
    expect(run("$json.text.replace(/(\\w)-(\\w)/, '$2$1')")).toBe('ba-c');
    expect(run("$json.text.split(/-/)")).toEqual(['a', 'b', 'c']);
    expect(run("'abc'.split(/(?:)/)")).toEqual(['a', 'b', 'c']);
    expect(run("'a1b22'.replace(/(\\d+)/g, (m, d) => '<' + d + '>')")).toBe('a<1>b<22>');
    expect(run("'Hello'.match(/l+/)[0]")).toBe('ll');
    expect(run("'a1b2'.match(/\\d/g)")).toEqual(['1', '2']);
    expect(run("'abc'.search(/c/)")).toBe(2);
    expect(run("/^A/i.test('abc')")).toBe(true);
    expect(run("[...'a1b2'.matchAll(/\\d/g)].map(m => m[0])")).toEqual(['1', '2']);
    expect(run("'aXbX'.replaceAll('X', '$&$&')")).toBe('aXXbXX');
  });

  it('run the catastrophic pattern in linear time', () => {
    const attack = timed("/^(a+)+$/.test('a'.repeat(5000) + '!')");
    expect(attack.value).toBe(false);
    expect(attack.ms).toBeLessThan(500);
    // A pattern given as text to match() or search() runs on RE2 too, not as a JavaScript RegExp.
    expect(timed("('a'.repeat(5000) + '!').match('^(a+)+$')").value).toBe(null);
  });

  it('refuse, at compile time, what only a backtracking engine can do, saying why', () => {
    expect(() => compileExpression("/(a)\\1/.test('aa')")).toThrow(/linear-time engine \(RE2\).*backreferences/);
    expect(() => compileExpression("/a(?=b)/.test('ab')")).toThrow(/lookahead/);
  });
});

describe('the evaluation budget', () => {
  it('refuses, before making it, a string or a list beyond its limit', () => {
    const heap = timed("[1,2,3,4].map(() => 'x'.repeat(3e7).split('')).length");
    expect(heap.error).toMatch(/string of 30,000,000 characters; the limit is 16,000,000/);
    expect(timed("'x'.repeat(6e6).split('')").error).toMatch(/list of 6,000,000 items/);
    expect(timed("[1,2,3].join('x'.repeat(9e6))").error).toMatch(/string of 27,000,0\d\d characters/);
    expect(timed("'ab'.padStart(2e7)").error).toMatch(/string of 20,000,000/);
    expect(timed("[[1,2],[3]].flat()").value).toEqual([1, 2, 3]);
  });

  it('stops runaway callbacks at the step budget, quickly', () => {
    const loops = timed("Array.from('x'.repeat(3000)).map(() => Array.from('x'.repeat(3000)).map(() => 1)).length");
    expect(loops.error).toMatch(/step budget/);
    expect(loops.ms).toBeLessThan(1000);
  });

  it('stops at the time limit what the steps do not catch', () => {
    configureExpressionLimits({ maxSteps: 1e12, maxMs: 50 });
    const slow = timed("Array.from('x'.repeat(4000)).map(() => Array.from('x'.repeat(4000)).map(() => 1)).length");
    expect(slow.error).toMatch(/time limit/);
    expect(slow.ms).toBeLessThan(500);
  });

  it('counts each evaluation afresh: many small ones never add up', () => {
    configureExpressionLimits({ maxSteps: 1000 });
    for (let i = 0; i < 200; i++) expect(run("[1,2,3].map(n => n * 2).length")).toBe(3);
  });
});

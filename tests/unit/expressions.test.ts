import { describe, expect, it } from 'vitest';
import { compileExpression, ExpressionError } from '../../electron/main/services/engine/expressions/compile';
import { ItemScope, type ScopeData } from '../../electron/main/services/engine/expressions/scope';
import { compileTemplate, type TemplateProblem } from '../../electron/main/services/engine/expressions/template';
import type { Item } from '../../electron/main/services/engine/node-api';

const fetched: Item[] = [
  { json: { id: 1, name: 'Ada', tags: ['a', 'b'] } },
  { json: { id: 2, name: 'Bob', tags: [] } },
];
const shaped: Item[] = fetched.map((item, index) => ({ json: { label: `#${item.json.id}` }, pairedItem: { item: index } }));

function scope(overrides: Partial<ScopeData> = {}): ItemScope {
  const runs: Record<string, { outputs: { main: Item[] }; source?: { node: string; output: string } }> = {
    Fetch: { outputs: { main: fetched } },
    Shape: { outputs: { main: shaped }, source: { node: 'Fetch', output: 'main' } },
  };
  return new ItemScope({
    workflow: { id: 'wf1', name: 'Demo' },
    execution: { id: 7, mode: 'manual' },
    variables: { region: 'eu' },
    payload: { query: { q: 'x' } },
    nodeName: 'Now',
    runIndex: 0,
    input: shaped,
    source: { node: 'Shape', output: 'main' },
    nodeRun: (name) => runs[name],
    secret: (name, field) => `secret:${name}${field ? `.${field}` : ''}`,
    ...overrides,
  });
}

const evaluate = (text: string, itemIndex = 0) => compileTemplate(text).evaluate(scope().forItem(itemIndex));

describe('expressions', () => {
  it('reads n8n names: $json, $input, $("Name").item, $node["Name"].json, $vars, $execution', () => {
    expect(evaluate('{{ $json.label }}', 1)).toBe('#2');
    expect(evaluate('{{ $input.all().length }}')).toBe(2);
    expect(evaluate('{{ $input.first().json.label }}')).toBe('#1');
    expect(evaluate('{{ $input.item.json.label }}', 1)).toBe('#2');
    expect(evaluate('{{ $("Fetch").item.json.name }}', 1)).toBe('Bob');
    expect(evaluate('{{ $node["Fetch"].json.name }}', 1)).toBe('Bob');
    expect(evaluate('{{ $("Fetch").all().map(i => i.json.id) }}')).toEqual([1, 2]);
    expect(evaluate('{{ $vars.region }}-{{ $execution.id }}')).toBe('eu-7');
    expect(evaluate('{{ $trigger.query.q }}')).toBe('x');
  });

  it('keeps the type of a lone expression and writes values into text otherwise', () => {
    expect(evaluate('{{ 1 + 2 }}')).toBe(3);
    expect(evaluate('  {{ [1, 2] }} ')).toEqual([1, 2]);
    expect(evaluate('n={{ 1 + 2 }}, o={{ {a: {b: 1}} }}')).toBe('n=3, o={"a":{"b":1}}');
    expect(evaluate('plain')).toBe('plain');
  });

  it('supports operators, ternaries, templates, optional chaining, arrow functions and whitelisted methods', () => {
    expect(evaluate('{{ $json.label.toUpperCase().slice(1) }}')).toBe('1');
    expect(evaluate('{{ $json.missing?.deep ?? "none" }}')).toBe('none');
    expect(evaluate('{{ [3, 1, 2].toSorted((a, b) => a - b).join(",") }}')).toBe('1,2,3');
    expect(evaluate('{{ `id ${$("Fetch").item.json.id * 10}` }}')).toBe('id 10');
    expect(evaluate('{{ [1,2,3].filter(x => x > 1).reduce((s, x) => s + x, 0) }}')).toBe(5);
    expect(evaluate('{{ [[1],[2]].map(a => a.map(b => b * 2)) }}')).toEqual([[2], [4]]);
    expect(evaluate('{{ [1,2].map(x => [3].map(y => x + y)) }}')).toEqual([[4], [5]]);
    expect(evaluate('{{ Object.keys({a: 1, b: 2}) }}')).toEqual(['a', 'b']);
    expect(evaluate('{{ typeof nothing === "undefined" ? "ok" : "no" }}')).toBe('ok');
    expect(evaluate("{{ 'a-b'.replace(/-/g, '+') }}")).toBe('a+b');
    expect(evaluate('{{ DateTime.fromISO("2024-03-01T10:00:00Z").toUTC().plus({ days: 1 }).toISODate() }}')).toBe('2024-03-02');
    expect(typeof evaluate('{{ $now.toISO() }}')).toBe('string');
    expect(evaluate('{{ Math.max(1, 5) }}')).toBe(5);
  });

  it('resolves secrets through the vault at use', () => {
    expect(evaluate('Bearer {{ secrets.API_TOKEN }}')).toBe('Bearer secret:API_TOKEN');
    expect(evaluate('{{ secrets.DB.password }}')).toBe('secret:DB.password');
    expect(compileExpression('secrets.DB.password').secrets).toEqual([{ name: 'DB', field: 'password' }]);
  });

  it.each([
    ['constructor.constructor("return process")()', /not allowed/],
    ['$json.constructor', /not allowed/],
    ['"".constructor.constructor("return 1")()', /not allowed/],
    ['[].map.constructor', /function|not allowed/],
    ['$json["__proto__"]', /not allowed/],
    ['$json["con" + "structor"]', /not allowed/],
    ['process.env', /not allowed/],
    ['require("fs")', /not allowed/],
    ['globalThis', /not allowed/],
    ['this', /not allowed/],
    ['(function () { return 1 })()', /not allowed/],
    ['$json.x = 1', /not allowed/],
    ['new Function("return 1")', /not allowed/],
    ['Math.max.call(null, 1)', /function/],
    ['$input.all.apply', /function/],
    ['Object.keys.bind', /function/],
    ['[].push(1)', /not a function/],
    ['({ __proto__: { polluted: 1 } })', /not allowed/],
    ['$json.toString()', /not a function/],
    ['import("fs")', /not allowed|parse/],
  ])('refuses the escape %s', (source, message) => {
    expect(() => evaluate(`{{ ${source} }}`)).toThrow(message);
  });

  it('reports unparsable expressions with their path instead of throwing', () => {
    const problems: TemplateProblem[] = [];
    compileTemplate({ url: 'https://x/{{ $json.id + }}', ok: '{{ 1 }}', list: ['{{ ( }}'] }, problems);
    expect(problems.map((problem) => problem.path)).toEqual(['url', 'list.0']);
    expect(problems[0]!.message).toMatch(/does not parse/);
    expect(() => compileExpression('a b')).toThrow(ExpressionError);
  });

  it('hands static parameter trees back untouched', () => {
    const value = { a: [1, { b: 'x' }] };
    const template = compileTemplate(value);
    expect(template.isStatic).toBe(true);
    expect(template.evaluate(scope())).toBe(value);
  });
});

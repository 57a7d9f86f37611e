import crypto from 'node:crypto';
import { DateTime, Settings } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ItemScope, type ScopeData } from '../../electron/main/services/engine/expressions/scope';
import { compileTemplate } from '../../electron/main/services/engine/expressions/template';
import type { Item } from '../../electron/main/services/engine/node-api';

const input: Item[] = [
  { json: { name: 'ada lovelace', email: 'Ada@Example.org', price: '$1,299.50', list: [3, 1, 2, 2], self: 'me', arguments: 'args', blank: '', nested: { a: 1, b: null } } },
  { json: { name: 'bob', list: [] } },
];

function scope(overrides: Partial<ScopeData> = {}): ItemScope {
  return new ItemScope({
    workflow: { id: 'wf1', name: 'Demo' },
    execution: { id: 7, mode: 'manual' },
    variables: {},
    payload: undefined,
    nodeName: 'Now',
    runIndex: 0,
    input,
    source: { node: 'Function', output: 'main' },
    nodeRun: (name) => (name === 'Function' ? { outputs: { main: [{ json: { n: 1 } }, { json: { n: 2 } }] } } : undefined),
    secret: () => '',
    ...overrides,
  });
}

const evaluate = (text: string, itemIndex = 0, overrides: Partial<ScopeData> = {}) => compileTemplate(`{{ ${text} }}`).evaluate(scope(overrides).forItem(itemIndex));

const zone = Settings.defaultZone;
beforeAll(() => {
  Settings.defaultZone = 'UTC';
});
afterAll(() => {
  Settings.defaultZone = zone;
});

describe("n8n's expression extension methods", () => {
  it.each([
    ['$json.name.toTitleCase()', 'Ada Lovelace'],
    ['$json.name.toSnakeCase()', 'ada_lovelace'],
    ['$json.email.extractDomain()', 'Example.org'],
    ['"see https://n8n.io/docs?a=1 now".extractUrl()', 'https://n8n.io/docs?a=1'],
    ['"https://www.example.com/path/x".extractDomain()', 'www.example.com'],
    ['$json.email.isEmail()', true],
    ['$json.price.toNumber()', 1299.5],
    ['"42".toInt() + 1', 43],
    ['"a b&c".urlEncode()', 'a%20b%26c'],
    ['"a%20b".urlDecode()', 'a b'],
    ['\'{"a":[1]}\'.parseJson().a', [1]],
    ['$json.nested.toJsonString()', '{"a":1,"b":null}'],
    ['"no".toBoolean()', false],
    ['"<p>Hi <b>there</b></p>".removeTags()', 'Hi there'],
    ['"héllo".base64Encode().base64Decode()', 'héllo'],
    ['$json.blank.isEmpty()', true],
    ['"x".isNotEmpty()', true],
    ['"2024-03-10".toDateTime().toISODate()', '2024-03-10'],
    ['(3.14159).round(2)', 3.14],
    ['(7).isOdd()', true],
    ['true.toNumber()', 1],
    ['$json.list.first()', 3],
    ['$json.list.last()', 2],
    ['$json.list.sum()', 8],
    ['$json.list.max()', 3],
    ['$json.list.average()', 2],
    ['$json.list.unique()', [3, 1, 2]],
    ['$json.list.sort()', [1, 2, 2, 3]],
    ['$json.list.sort((a, b) => b - a)', [3, 2, 2, 1]],
    ['$json.list.reverse()', [2, 2, 1, 3]],
    ['$json.list.chunk(3)', [[3, 1, 2], [2]]],
    ['[{ k: "a", v: 1 }, { k: "b", v: 2 }].smartJoin("k", "v")', { a: 1, b: 2 }],
    ['[{ id: 1, n: "x" }, { id: 2 }].pluck("n")', ['x']],
    ['$json.nested.compact()', { a: 1 }],
    ['$json.nested.isEmpty()', false],
    ['$json.nested.hasField("a")', true],
    ['$json.nested.keys()', ['a', 'b']],
    ['({ a: "x y", b: 1 }).urlEncode()', 'a=x+y&b=1'],
  ])('%s', (source, expected) => {
    expect(evaluate(source)).toEqual(expected);
  });

  it('leaves the data a sort or reverse reads unchanged', () => {
    evaluate('$json.list.sort()');
    evaluate('$json.list.reverse()');
    expect(input[0]!.json.list).toEqual([3, 1, 2, 2]);
  });

  it('hashes as n8n does (md5 by default)', () => {
    expect(evaluate('"echelon".hash()')).toBe(crypto.createHash('md5').update('echelon').digest('hex'));
    expect(evaluate('"echelon".hash("sha256")')).toBe(crypto.createHash('sha256').update('echelon').digest('hex'));
  });

  it('formats and shifts dates: $now.format(), plus(n, unit), beginningOf, Date setters', () => {
    expect(evaluate('$now.format("yyyy")')).toBe(String(DateTime.now().year));
    expect(evaluate('"2024-01-31T10:00:00Z".toDateTime().plus(1, "month").toISODate()')).toBe('2024-02-29');
    expect(evaluate('"2024-01-31T10:00:00Z".toDateTime().minus({ days: 1 }).toISODate()')).toBe('2024-01-30');
    expect(evaluate('"2024-05-15T10:00:00Z".toDateTime().beginningOf("month").toISODate()')).toBe('2024-05-01');
    expect(evaluate('"2024-05-15T10:00:00Z".toDateTime().endOfMonth().day')).toBe(31);
    expect(evaluate('"2024-05-15T10:00:00Z".toDateTime().extract("month")')).toBe(5);
    expect(evaluate('new Date("2024-01-31T00:00:00Z").setDate(1)')).toBe(Date.UTC(2024, 0, 1));
  });

  it('takes arrow functions with a braced body', () => {
    expect(evaluate('$json.list.map(n => { const twice = n * 2; if (twice > 4) { return "big"; } return twice; })')).toEqual(['big', 2, 4, 4]);
    expect(evaluate('[1, 2].map((n) => { })')).toEqual([undefined, undefined]);
    expect(() => evaluate('[1].map(n => { while (true) {} })')).toThrow(/WhileStatement.*not allowed/);
    expect(() => evaluate('[1].map(n => { var x = 1; return x })')).toThrow(/"var"/);
  });

  it('reads any field name of data, and a node named Function', () => {
    expect(evaluate('$json.self + $json.arguments')).toBe('meargs');
    expect(evaluate('$node["Function"].json.n')).toBe(1);
    expect(() => evaluate('self')).toThrow(/not allowed/);
    expect(() => evaluate('$json.__proto__')).toThrow(/not allowed/);
  });

  it('has $item(), $jmespath, and $env governed by the setting', () => {
    expect(evaluate('$item(1).$json.name')).toBe('bob');
    expect(evaluate('$item(1).$node["Function"].json.n')).toBe(2);
    expect(evaluate('$jmespath($json, "list[?@ > `1`]")')).toEqual([3, 2, 2]);
    expect(() => evaluate('$env.HOME')).toThrow(/access to env vars denied.*ECHELON_ENV_ACCESS/);
    expect(evaluate('$env.GREETING', 0, { env: () => ({ GREETING: 'hi' }) })).toBe('hi');
  });

  it('still refuses what is unsafe, extension or not', () => {
    expect(() => evaluate('"x".repeat(10).constructor')).toThrow(/not allowed/);
    expect(() => evaluate('[1].chunk(0)')).toThrow(/chunk\(\) takes a size/);
    expect(() => evaluate('"x".padEnd(1e9).toTitleCase()')).toThrow(/limit/);
  });
});

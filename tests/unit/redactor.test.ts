import { describe, expect, it } from 'vitest';
import { Redactor } from '../../electron/main/services/redaction/redactor';
import { findSecretRefs, substituteSecretRefs } from '../../shared/secrets/secret-ref';

describe('Redactor', () => {
  const secret = 'sk-live/abc+123 "x"';

  it('removes a vault value in its raw, base64, URL-encoded and JSON-escaped forms', () => {
    const redactor = new Redactor();
    redactor.set('API_KEY', secret);
    const text = [
      secret,
      Buffer.from(secret).toString('base64'),
      Buffer.from(secret).toString('base64url'),
      encodeURIComponent(secret),
      JSON.stringify({ key: secret }),
    ].join(' | ');
    const redacted = redactor.redact(text);
    expect(redacted).not.toContain('abc+123');
    expect(redacted).not.toContain(Buffer.from(secret).toString('base64').slice(0, 12));
    expect(redacted).not.toContain(encodeURIComponent(secret));
    expect(redacted.match(/\[redacted:API_KEY\]/g)).toHaveLength(5);
  });

  it('forgets a value once it leaves the vault, and redacts nested values keeping their shape', () => {
    const redactor = new Redactor();
    redactor.set('T', 'token-1234');
    expect(redactor.redactValue({ a: ['x token-1234 y'], n: 3 })).toEqual({ a: ['x [redacted:T] y'], n: 3 });
    redactor.set('T', 'token-5678');
    expect(redactor.redact('token-1234 token-5678')).toBe('token-1234 [redacted:T]');
    redactor.delete('T');
    expect(redactor.redact('token-5678')).toBe('token-5678');
  });

  it('copies only the parts of a value it changes, leaving the input untouched', () => {
    const redactor = new Redactor();
    const clean = { content: [{ type: 'text', text: 'nothing here' }], meta: { n: 1 } };
    expect(redactor.redactValue(clean)).toBe(clean);
    redactor.set('T', 'token-1234');
    expect(redactor.redactValue(clean)).toBe(clean);
    const mixed = { content: [{ type: 'text', text: 'a token-1234' }, { type: 'text', text: 'b' }], meta: { n: 1 } };
    const redacted = redactor.redactValue(mixed);
    expect(redacted).toEqual({ content: [{ type: 'text', text: 'a [redacted:T]' }, { type: 'text', text: 'b' }], meta: { n: 1 } });
    expect(mixed.content[0]!.text).toBe('a token-1234');
    expect(redacted.content[1]).toBe(mixed.content[1]);
    expect(redacted.meta).toBe(mixed.meta);
  });

  it('keeps other secrets that share a prefix when one is removed', () => {
    const redactor = new Redactor();
    redactor.set('A', 'prefix-one');
    redactor.set('B', 'prefix-two');
    redactor.delete('A');
    expect(redactor.redact('prefix-one prefix-two')).toBe('prefix-one [redacted:B]');
    redactor.clear();
    expect(redactor.redact('prefix-two')).toBe('prefix-two');
  });

  it('prefers the longest match when one secret contains another', () => {
    const redactor = new Redactor();
    redactor.set('SHORT', 'abcd');
    redactor.set('LONG', 'abcdefgh');
    expect(redactor.redact('abcdefgh abcd')).toBe('[redacted:LONG] [redacted:SHORT]');
  });
});

describe('Redactor: every encoding a value takes on its way out', () => {
  const azure = "key~SECRET!QUERY(x) it's";

  it('knows both URL encoders, form encoding and the URL parser\'s component encodings', () => {
    const redactor = new Redactor();
    redactor.set('AZURE', azure);
    const url = new URL('http://api.test/');
    url.search = azure;
    const path = new URL('http://api.test/');
    path.pathname = `/${azure}`;
    const forms = [
      encodeURIComponent(azure),
      encodeURI(azure),
      new URLSearchParams({ k: azure }).toString().slice(2),
      new URLSearchParams({ k: azure }).toString().slice(2).replace(/\+/g, '%20'),
      url.search.slice(1),
      path.pathname.slice(1),
      encodeURIComponent(azure).replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()),
    ];
    for (const form of forms) expect(redactor.redact(`GET /x?key=${form}&y=1`), form).toBe('GET /x?key=[redacted:AZURE]&y=1');
  });

  it('finds a secret inside any base64 text, at every byte offset: a Basic header, a token payload', () => {
    const redactor = new Redactor();
    redactor.set('LOGIN.password', 'pa55~word!(long)');
    for (const user of ['a', 'ab', 'abc', 'svc-reader']) {
      const header = Buffer.from(`${user}:pa55~word!(long)`).toString('base64');
      const redacted = redactor.redact(`Basic ${header}`);
      expect(redacted, user).toContain('[redacted:LOGIN.password]');
      // What is left of the base64 cannot give the password back.
      expect(Buffer.from(redacted.replace(/^Basic /, '').replace(/\[redacted:[^\]]+\]/, ''), 'base64').toString('latin1')).not.toContain('word');
    }
    const payload = Buffer.from(JSON.stringify({ sub: 'x', secret: 'pa55~word!(long)' })).toString('base64url');
    expect(redactor.redact(`eyJhbGciOiJIUzI1NiJ9.${payload}.sig`)).toContain('[redacted:LOGIN.password]');
  });

  it('redacts a short secret only as a whole token, and nothing under four characters', () => {
    const redactor = new Redactor();
    redactor.set('PIN', '4821');
    redactor.set('TINY', 'abc');
    expect(redactor.redact('pin 4821, order 948211, a4821b, code=4821&x')).toBe('pin [redacted:PIN], order 948211, a4821b, code=[redacted:PIN]&x');
    expect(redactor.redact('abc')).toBe('abc');
    redactor.set('LONG', 'service-secret');
    expect(redactor.redact('my-service-secret-here')).toBe('my-[redacted:LONG]-here');
  });

  it('says whether a text holds any value it knows', () => {
    const redactor = new Redactor();
    expect(redactor.contains('anything')).toBe(false);
    redactor.set('T', 'token-1234567');
    expect(redactor.contains('Bearer token-1234567')).toBe(true);
    expect(redactor.contains(`k=${encodeURIComponent('token-1234567')}`)).toBe(true);
    expect(redactor.contains('Bearer token-7654321')).toBe(false);
  });
});

describe('secret references', () => {
  it('finds and substitutes {{ secrets.NAME }} and {{ secrets.NAME.field }}', () => {
    const text = 'Bearer {{ secrets.GITHUB_TOKEN }} as {{secrets.DB.user}}';
    expect(findSecretRefs(text).map((ref) => [ref.name, ref.field])).toEqual([
      ['GITHUB_TOKEN', undefined],
      ['DB', 'user'],
    ]);
    expect(substituteSecretRefs(text, (ref) => `<${ref.name}${ref.field ? `:${ref.field}` : ''}>`)).toBe('Bearer <GITHUB_TOKEN> as <DB:user>');
  });
});

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BodyError, readJsonBody, type JsonBodyLimits } from '../../electron/main/services/http-body/read-json-body';

let server: http.Server;
let limits: JsonBodyLimits = { maxBytes: 64 };
let buffered = 0;

/** A real server answering with what the reader made of the body: the value, or the refusal. */
beforeAll(async () => {
  server = http.createServer((request, response) => {
    request.on('data', (chunk: Buffer) => (buffered += chunk.length));
    readJsonBody(request, limits).then(
      (value) => response.end(JSON.stringify({ value })),
      (error: unknown) => response.end(JSON.stringify({ problem: (error as BodyError).problem, message: (error as Error).message })),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const post = async (body: string, with_: JsonBodyLimits = { maxBytes: 64 }) => {
  limits = with_;
  buffered = 0;
  const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { method: 'POST', body });
  return (await response.json()) as { value?: unknown; problem?: string; message?: string };
};

describe('readJsonBody', () => {
  it('parses a JSON body', async () => {
    expect(await post('{"task":"Ping","input":[1,2]}')).toEqual({ value: { task: 'Ping', input: [1, 2] } });
  });

  it('refuses text that is not JSON, saying so with the parser’s reason', async () => {
    const answer = await post('{"task": nope}');
    expect(answer.problem).toBe('not-json');
    expect(answer.message).toMatch(/^the body is not JSON \(.+\)$/);
  });

  it('refuses a body nested deeper than the bound before JSON.parse sees it', async () => {
    const answer = await post(`${'['.repeat(9)}${']'.repeat(9)}`, { maxBytes: 64, maxDepth: 8 });
    expect(answer).toMatchObject({ problem: 'too-deep', message: 'the body is nested more than 8 levels deep, which Echelon refuses: flatten it' });
    expect(await post(`${'['.repeat(8)}${']'.repeat(8)}`, { maxBytes: 64, maxDepth: 8 })).toMatchObject({ value: [[[[[[[[]]]]]]]] });
  });

  it('stands an empty body for the given value, or refuses it', async () => {
    expect(await post('  ', { maxBytes: 64, empty: {} })).toEqual({ value: {} });
    expect(await post('', { maxBytes: 64 })).toMatchObject({ problem: 'empty', message: 'the body is empty: send a JSON value' });
  });

  it('refuses a body over the size limit without buffering the rest of it', async () => {
    const huge = JSON.stringify({ text: 'x'.repeat(2 * 1024 * 1024) });
    const answer = await post(huge, { maxBytes: 1024 }).catch((error: unknown) => ({ problem: 'connection closed', message: String(error) }));
    // The server closes the socket at once: the client sees the refusal or the closed connection, never a parsed body.
    expect(answer).not.toHaveProperty('value');
    expect(buffered).toBeLessThan(huge.length);
    if (answer.problem !== 'connection closed') expect(answer).toMatchObject({ problem: 'too-large', message: 'the body is over 1 KB: send less at once' });
  });
});

import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CLI_TEST, startServe, type ServeProcess } from '../helpers/cli';
import { tempDir } from '../helpers/temp-dir';

let serve: ServeProcess | undefined;
afterEach(async () => {
  await serve?.stop();
  serve = undefined;
});

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path, headers }, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.on('error', reject);
  });
}

function openSocket(port: number, options: WebSocket.ClientOptions & { token?: string }): Promise<WebSocket> {
  const query = options.token ? `?token=${options.token}` : '';
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api/ws${query}`, options);
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
    ws.once('error', reject);
  });
}

function invoke(ws: WebSocket, id: number, method: string, input: unknown): Promise<{ ok: boolean; data?: unknown; error?: { code: string; path?: string; message: string } }> {
  return new Promise((resolve) => {
    const onMessage = (raw: WebSocket.RawData) => {
      const frame = JSON.parse(raw.toString());
      if (frame.type === 'result' && frame.id === id) {
        ws.off('message', onMessage);
        resolve(frame.result);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ type: 'invoke', id, method, input }));
  });
}

describe('echelon serve', CLI_TEST, () => {
  it('prints exactly one line and listens on 127.0.0.1 only', async () => {
    serve = await startServe(tempDir());
    expect(serve.lines).toEqual([`Echelon is running at http://127.0.0.1:${serve.port}/?token=${serve.token}`]);
    expect(serve.token.length).toBeGreaterThanOrEqual(32);
    const { execFileSync } = await import('node:child_process');
    const listening = execFileSync('sh', ['-c', `cat /proc/net/tcp /proc/net/tcp6 2>/dev/null`], { encoding: 'utf8' });
    const portHex = serve.port.toString(16).toUpperCase().padStart(4, '0');
    const ours = listening.split('\n').filter((line) => line.includes(`:${portHex} `) && line.trim().split(/\s+/)[3] === '0A');
    expect(ours.length).toBe(1);
    expect(ours[0]!.trim().split(/\s+/)[1]).toBe(`0100007F:${portHex}`);
  });

  it('answers 401 without the token and 200 with it, trading the token for a cookie', async () => {
    serve = await startServe(tempDir());
    const host = `127.0.0.1:${serve.port}`;
    expect((await get(serve.port, '/', { host })).status).toBe(401);
    expect((await get(serve.port, '/?token=wrong', { host })).status).toBe(401);
    const login = await get(serve.port, `/?token=${serve.token}`, { host });
    expect(login.status).toBe(303);
    expect(login.headers.location).toBe('/');
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    expect(String(login.headers['set-cookie'])).toContain('HttpOnly');
    const page = await get(serve.port, '/', { host, cookie });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="root">');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['referrer-policy']).toBe('no-referrer');
  });

  it('refuses other origins and foreign Host headers with 403', async () => {
    serve = await startServe(tempDir());
    const auth = { authorization: `Bearer ${serve.token}` };
    expect((await get(serve.port, '/', { ...auth, host: `127.0.0.1:${serve.port}`, origin: 'http://evil.example' })).status).toBe(403);
    expect((await get(serve.port, '/', { ...auth, host: `evil.example:${serve.port}` })).status).toBe(403);
  });

  it('does not serve files outside the renderer folder', async () => {
    serve = await startServe(tempDir());
    const headers = { host: `127.0.0.1:${serve.port}`, authorization: `Bearer ${serve.token}` };
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/assets/../../package.json']) {
      const response = await get(serve.port, path, headers);
      expect(response.status, path).toBe(404);
    }
  });

  it('refuses a WebSocket without the token (401) or from another Origin (403)', async () => {
    serve = await startServe(tempDir());
    await expect(openSocket(serve.port, {})).rejects.toThrow('HTTP 401');
    await expect(openSocket(serve.port, { token: serve.token, origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
    const ok = await openSocket(serve.port, { token: serve.token, origin: `http://127.0.0.1:${serve.port}` });
    ok.close();
  });

  it('serves the contract over WebSocket, with typed validation errors for bad input', async () => {
    serve = await startServe(tempDir());
    const ws = await openSocket(serve.port, { token: serve.token });
    const status = await invoke(ws, 1, 'app.status', {});
    expect(status).toMatchObject({ ok: true, data: { shell: 'serve', schemaVersion: expect.any(Number) } });
    const invalid = await invoke(ws, 2, 'preferences.update', { theme: 42 });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid_input', path: 'theme' } });
    const unknown = await invoke(ws, 3, 'no.such.method', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    ws.close();
  });

  it('answers garbage frames with a protocol error and keeps the socket open', async () => {
    serve = await startServe(tempDir());
    const ws = await openSocket(serve.port, { token: serve.token });
    const reply = new Promise<{ type: string }>((resolve) => ws.once('message', (raw) => resolve(JSON.parse(raw.toString()))));
    ws.send('{not json');
    expect(await reply).toMatchObject({ type: 'protocol-error', error: { code: 'invalid_input' } });
    expect(await invoke(ws, 7, 'app.status', {})).toMatchObject({ ok: true });
    ws.close();
  });

  it('pushes events to connected sockets', async () => {
    serve = await startServe(tempDir());
    const ws = await openSocket(serve.port, { token: serve.token });
    const event = new Promise<{ name: string; payload: unknown }>((resolve) =>
      ws.on('message', (raw) => {
        const frame = JSON.parse(raw.toString());
        if (frame.type === 'event' && frame.name === 'preferences.changed') resolve(frame);
      }),
    );
    await invoke(ws, 1, 'preferences.update', { theme: 'dark' });
    expect((await event).payload).toMatchObject({ theme: 'dark' });
    ws.close();
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('shuts down cleanly on %s', async (signal) => {
    const running = await startServe(tempDir());
    const ws = await openSocket(running.port, { token: running.token });
    const closed = new Promise((resolve) => ws.once('close', resolve));
    expect(await running.stop(signal)).toBe(0);
    await closed;
  });

  it('says clearly when the port is taken', async () => {
    serve = await startServe(tempDir());
    const { runCli } = await import('../helpers/cli');
    const result = runCli(['serve', '--port', String(serve.port), '--data-dir', tempDir()]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`Port ${serve.port} is already in use`);
  });

  it('says clearly when the gateway port is taken, and publishes nothing', async () => {
    const taken = net.createServer();
    const port = await new Promise<number>((resolve) => taken.listen(0, '127.0.0.1', () => resolve((taken.address() as net.AddressInfo).port)));
    try {
      const dataDir = tempDir();
      const { runCli } = await import('../helpers/cli');
      const result = runCli(['serve', '--port', '0', '--gateway-port', String(port), '--webhook-port', '0', '--data-dir', dataDir]);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`Gateway port ${port} is already in use: pass --gateway-port 0 to pick a free one.`);
      expect(fs.existsSync(path.join(dataDir, 'serve.json'))).toBe(false);
    } finally {
      taken.close();
    }
  });
});

import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli';
import { chain, node } from '../../helpers/engine';
import { serveSession } from '../../helpers/serve-session';
import { tempDir } from '../../helpers/temp-dir';

/** JSON nested `levels` deep as a value: about 2 bytes a level, 6 KB at 3,000. */
function nested(levels: number): unknown {
  return JSON.parse('['.repeat(levels) + ']'.repeat(levels));
}

/** The text of JSON nested `levels` deep inside an object. */
const deepText = (levels: number) => `{"payload":${'['.repeat(levels)}${']'.repeat(levels)}}`;

function post(url: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (response) => {
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

const WEBHOOK_FLOW = chain('Echo', [node('webhook.trigger', { path: 'echo', method: 'POST', respond: 'lastNode' }, { id: 'hook', name: 'Hook' })]);

describe('echelon serve under hostile messages', () => {
  it('answers a 3,000-deep frame on workflows.run and workflows.save with invalid_input, and stays up', async () => {
    const { serve, api } = await serveSession();
    const saved = await api.call('workflows.save', { document: WEBHOOK_FLOW } as never);
    const deep = nested(3000);
    expect(JSON.stringify({ input: deep }).length).toBeLessThan(7000);

    await expect(api.call('workflows.run', { id: (saved as { id: string }).id, input: deep } as never)).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/nested more than 128 levels/) });
    await expect(api.call('workflows.save', { document: { ...WEBHOOK_FLOW, nodes: [{ ...WEBHOOK_FLOW.nodes[0], parameters: { deep } as never }] } } as never)).rejects.toMatchObject({ code: 'invalid_input' });

    expect(serve.child.exitCode).toBeNull();
    const status = await api.call('app.status', {} as never);
    expect(status).toMatchObject({ shell: 'serve' });
  });

  it('refuses a deeply nested webhook body with 400 and keeps serving', async () => {
    const { serve, api } = await serveSession();
    await api.call('workflows.save', { document: WEBHOOK_FLOW } as never);
    const info = (await api.call('workflows.webhooks', {} as never)) as { baseUrl: string };
    const refused = await post(`${info.baseUrl}echo`, deepText(5000));
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.body).message).toMatch(/nested more than 128 levels/);
    const fine = await post(`${info.baseUrl}echo`, JSON.stringify({ ok: [[1]] }));
    expect(fine.status).toBe(200);
    expect(serve.child.exitCode).toBeNull();
  });
});

describe('other doors for deeply nested messages', () => {
  it('the MCP gateway refuses them over HTTP and over its socket, and serve stays up', async () => {
    const dataDir = tempDir();
    const { serve } = await serveSession(dataDir);
    const discovery = JSON.parse(fs.readFileSync(path.join(dataDir, 'serve.json'), 'utf8')) as { gateway: { url: string; token: string; socket?: string } };
    const overHttp = await post(discovery.gateway.url, deepText(3000), { authorization: `Bearer ${discovery.gateway.token}`, accept: 'application/json, text/event-stream' });
    expect(overHttp.status).toBe(400);
    expect(overHttp.body).toMatch(/nested more than 128 levels/);

    const socket = net.connect(discovery.gateway.socket!);
    await new Promise((resolve) => socket.once('connect', resolve));
    const reply = new Promise<string>((resolve) => socket.once('data', (chunk) => resolve(chunk.toString())));
    socket.write(`{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"x__y","arguments":${deepText(3000)}}}\n`);
    const answer = JSON.parse(await reply) as { id: number; error: { message: string } };
    socket.destroy();
    expect(answer).toMatchObject({ id: 7, error: { message: expect.stringMatching(/nested more than 128 levels/) } });
    expect(serve.child.exitCode).toBeNull();
  });

  it('the CLI refuses a deeply nested workflow or MCP config file with exit 2 and a clear reason', () => {
    const dir = tempDir();
    const file = path.join(dir, 'deep.json');
    fs.writeFileSync(file, deepText(3000));
    for (const args of [['workflow', 'import', file], ['workflow', 'validate', file], ['mcp', 'import', file]]) {
      const result = runCli(['--data-dir', dir, ...args]);
      expect(result.status, `${args.join(' ')}: ${result.stderr}`).toBe(2);
      expect(result.stderr).toMatch(/nested more than 128 levels/);
    }
  });
});

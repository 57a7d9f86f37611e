import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { connectApi, type ApiClient } from '../../helpers/api';
import { chain, node } from '../../helpers/engine';
import { startServe, type ServeProcess } from '../../helpers/cli';
import { tempDir } from '../../helpers/temp-dir';

let serve: ServeProcess | undefined;
let api: ApiClient | undefined;
afterEach(async () => {
  api?.close();
  api = undefined;
  await serve?.stop();
  serve = undefined;
});

/** JSON nested `levels` deep as a value: about 2 bytes a level, 6 KB at 3,000. */
function nested(levels: number): unknown {
  return JSON.parse('['.repeat(levels) + ']'.repeat(levels));
}

function post(url: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (response) => {
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
    serve = await startServe(tempDir());
    api = await connectApi(serve);
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
    serve = await startServe(tempDir());
    api = await connectApi(serve);
    await api.call('workflows.save', { document: WEBHOOK_FLOW } as never);
    const info = (await api.call('workflows.webhooks', {} as never)) as { baseUrl: string };
    const deep = `{"payload":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const refused = await post(`${info.baseUrl}echo`, deep);
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.body).message).toMatch(/nested more than 128 levels/);
    const fine = await post(`${info.baseUrl}echo`, JSON.stringify({ ok: [[1]] }));
    expect(fine.status).toBe(200);
    expect(serve.child.exitCode).toBeNull();
  });
});

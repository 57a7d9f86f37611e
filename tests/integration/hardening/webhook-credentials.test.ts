import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { chain, node } from '../../helpers/engine';
import { serveSession } from '../../helpers/serve-session';

function request(url: string, options: http.RequestOptions, body?: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const sent = http.request(url, options, (response) => {
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }));
    });
    sent.on('error', reject);
    sent.end(body);
  });
}

const hook = (path: string, extra: Record<string, unknown> = {}) =>
  chain(`Echo ${path}`, [node('webhook.trigger', { path, method: 'POST', respond: 'lastNode', ...extra }, { id: 'hook', name: 'Hook' })]);

describe('credentials arriving at the webhook listener', () => {
  it('are neither stored in the execution nor echoed back, unless the trigger keeps them', async () => {
    const { serve, api } = await serveSession();
    await api.call('workflows.save', { document: hook('plain') } as never);
    await api.call('workflows.save', { document: hook('checked', { keepHeaders: ['authorization'] }) } as never);
    const { baseUrl } = (await api.call('workflows.webhooks', {} as never)) as { baseUrl: string };
    const headers = { 'content-type': 'application/json', cookie: `echelon_token_${serve.port}=${serve.token}`, authorization: 'Bearer caller-secret-123', 'x-trace': 'kept' };

    const plain = await request(`${baseUrl}plain`, { method: 'POST', headers }, '{"n":1}');
    expect(plain.status).toBe(200);
    expect(plain.body).not.toContain(serve.token);
    expect(plain.body).not.toContain('caller-secret-123');
    expect(JSON.parse(plain.body).headers['x-trace']).toBe('kept');

    const checked = await request(`${baseUrl}checked`, { method: 'POST', headers }, '{"n":2}');
    expect(JSON.parse(checked.body).headers.authorization).toBe('Bearer caller-secret-123');
    expect(checked.body).not.toContain(serve.token);

    const executions = (await api.call('executions.list', { limit: 10 } as never)) as { items: Array<{ id: number }> };
    for (const { id } of executions.items) {
      const detail = JSON.stringify(await api.call('executions.get', { id } as never));
      expect(detail).not.toContain(serve.token);
    }
  });

  it('the serve token cookie is named for its port, so other local ports never receive a usable one', async () => {
    const { serve } = await serveSession();
    const traded = await request(`http://127.0.0.1:${serve.port}/?token=${serve.token}`, { method: 'GET' });
    expect(traded.status).toBe(303);
    expect(String(traded.headers['set-cookie'])).toMatch(new RegExp(`^echelon_token_${serve.port}=`));
    const withPortCookie = await request(`http://127.0.0.1:${serve.port}/`, { method: 'GET', headers: { cookie: `echelon_token_${serve.port}=${serve.token}` } });
    expect(withPortCookie.status).toBe(200);
    const withOtherPortCookie = await request(`http://127.0.0.1:${serve.port}/`, { method: 'GET', headers: { cookie: `echelon_token_${serve.port + 1}=${serve.token}` } });
    expect(withOtherPortCookie.status).toBe(401);
  });
});

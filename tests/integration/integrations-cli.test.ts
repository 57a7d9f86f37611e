import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost } from '../../electron/main/services/host';
import { MemoryKeyValueStore } from '../../electron/main/services/preferences/preferences-service';
import { startRestApi, type RestApi } from '../fixtures/rest-api';
import { CLI_TEST, runCliAsync } from '../helpers/cli';
import { tempDir } from '../helpers/temp-dir';

let api: RestApi;
beforeAll(async () => (api = await startRestApi()));
afterAll(() => api.close());

describe('echelon integrations (the built CLI)', CLI_TEST, () => {
  it('lists, tests and runs actions on connections, with exit codes', async () => {
    const dataDir = tempDir();
    const host = createHost({ shell: 'cli', dataDir, preferences: new MemoryKeyValueStore() });
    host.integrations.connections.create({ pluginId: 'rest', name: 'Local API', config: { baseUrl: api.url, healthPath: '/health' }, auth: { type: 'none' } });
    host.integrations.connections.create({ pluginId: 'rest', name: 'Down API', config: { baseUrl: api.url, healthPath: '/status/500' }, auth: { type: 'none' } });
    await host.dispose();
    const cli = (...args: string[]) => runCliAsync(['--data-dir', dataDir, 'integrations', ...args]);

    const plugins = await cli('plugins', '--json');
    expect(plugins.status).toBe(0);
    expect(JSON.parse(plugins.stdout)).toContainEqual(expect.objectContaining({ id: 'github', versions: ['1.0.0', '2.0.0'] }));

    const test = await cli('test', 'local api');
    expect(test).toMatchObject({ status: 0, stdout: expect.stringMatching(/^Local API: connected, answered in \d+ ms\n$/) });
    const failing = await cli('test', 'Down API');
    expect(failing.status).toBe(1);
    expect(failing.stderr).toContain('Down API: the test failed after');

    const list = JSON.parse((await cli('list', '--json')).stdout) as { name: string; status: string }[];
    expect(list.map((connection) => [connection.name, connection.status])).toEqual([
      ['Down API', 'error'],
      ['Local API', 'connected'],
    ]);

    const run = await cli('run', 'rest@1.0.0', 'request', '--connection', 'Local API', '--params', '{"url":"/echo","query":{"q":"cli"}}', '--idempotency-key', 'cli-1');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 200, body: { query: { q: 'cli' }, headers: { 'idempotency-key': 'cli-1' } } });

    expect((await cli('run', 'rest', 'request')).status).toBe(2);
    expect((await cli('run', 'rest@1.0.0', 'request', '--params', '{nope')).stderr).toContain('--params is not JSON');
    expect((await cli('run', 'rest@1.0.0', 'request', '--params', '{"method":"BREW","url":"x"}')).status).toBe(2);
    const missing = await cli('test', 'Nope');
    expect(missing).toMatchObject({ status: 1, stderr: expect.stringContaining('No connection is named "Nope"') });
  });
});

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importN8nWorkflow } from '../../electron/main/services/engine/n8n/import-n8n';
import { startSmtpServer, type SmtpStandIn } from '../fixtures/smtp-server';
import { startStandIn } from '../fixtures/stand-in-server';
import { createTestCa } from '../fixtures/test-ca';
import { chain, manualStart, node } from '../helpers/engine';
import { integrationsHost, pluginActions, type IntegrationsHost } from '../helpers/integrations-host';

let plain: SmtpStandIn;
let secure: SmtpStandIn;
let env: IntegrationsHost;

beforeAll(async () => {
  const ca = await createTestCa();
  const server = await ca.issue('localhost', 'server');
  plain = await startSmtpServer({ username: 'mailer', password: 'right-password' });
  secure = await startSmtpServer({ username: 'mailer', password: 'right-password', tls: { key: server.privateKey, cert: server.certificate } });
});
afterAll(async () => {
  await plain.close();
  await secure.close();
});
beforeEach(async () => {
  env = await integrationsHost();
  plain.received.length = 0;
});
afterEach(() => env.host.dispose());

const connect = async (server: SmtpStandIn, config: Record<string, unknown>, password = 'right-password') =>
  (await env.call('integrations.connections.create', { pluginId: 'smtp', name: `Mail ${Math.random()}`, config: { host: '127.0.0.1', port: server.port, ...config }, auth: { type: 'basic', username: 'mailer', password } })).id;
const { run, fail } = pluginActions(() => env, 'smtp');

describe('Email over SMTP', () => {
  it('signs in and sends text and HTML to several recipients, over one kept connection', async () => {
    const id = await connect(plain, { security: 'none', from: 'Echelon <bot@example.com>' });
    expect(await env.call('integrations.connections.test', { id })).toMatchObject({ ok: true, status: 'connected' });
    const before = plain.connections;
    for (const n of [1, 2, 3]) {
      const sent = (await run('send', { to: 'ada@example.com, grace@example.com', bcc: ['audit@example.com'], subject: `Report ${n} — été`, text: 'Plain', html: '<p>Rich</p>' }, id)) as { accepted: string[]; response: string };
      expect(sent.accepted).toEqual(['ada@example.com', 'grace@example.com', 'audit@example.com']);
      expect(sent.response).toContain('Message queued as 4F2A1C');
    }
    expect(plain.connections - before).toBe(1);
    const mail = plain.received[0]!;
    expect(mail).toMatchObject({ from: 'bot@example.com', to: ['ada@example.com', 'grace@example.com', 'audit@example.com'], user: 'mailer' });
    expect(mail.headers.From).toBe('Echelon <bot@example.com>');
    expect(mail.headers.Bcc).toBeUndefined();
    expect(mail.leaves.map((leaf) => [leaf.mimeType, leaf.bytes.toString()])).toEqual([['text/plain', 'Plain'], ['text/html', '<p>Rich</p>']]);
  });

  it('says what went wrong: a wrong password, a refused recipient, no sender, an untrusted certificate', async () => {
    const wrong = await connect(plain, { security: 'none' }, 'wrong-password');
    const refused = await fail('send', { from: 'a@example.com', to: 'b@example.com', text: 'x' }, wrong);
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('535 5.7.8 Username and Password not accepted') } });
    expect(JSON.stringify(refused)).not.toContain('wrong-password');

    const id = await connect(plain, { security: 'none' });
    expect(await fail('send', { from: 'a@example.com', to: 'ghost@nowhere.invalid', text: 'x' }, id)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('Recipient address rejected') } });
    expect(await fail('send', { to: 'b@example.com', text: 'x' }, id)).toMatchObject({ ok: false, error: { message: "Say who the message is from, here or as the connection's default sender." } });
    expect(plain.received).toHaveLength(0);

    // STARTTLS is demanded, and the test CA is not trusted: nothing is sent in clear text.
    const untrusted = await connect(secure, { security: 'starttls' });
    expect(await fail('send', { from: 'a@example.com', to: 'b@example.com', text: 'x' }, untrusted)).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('Check the security setting') } });
    const accepted = await connect(secure, { security: 'starttls', verifyCertificate: false });
    await run('send', { from: 'a@example.com', to: 'b@example.com', text: 'over TLS' }, accepted);
    expect(secure.received.at(-1)).toMatchObject({ secure: true, user: 'mailer' });
  });

  it('attaches binary data in a workflow, and runs an imported n8n Send Email node', async () => {
    const id = await connect(plain, { security: 'none' });
    await env.host.engine.start({ owner: 'test', recover: true });
    const imported = importN8nWorkflow(
      {
        name: 'Mail a report',
        nodes: [
          { name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
          { name: 'Code', type: 'n8n-nodes-base.code', typeVersion: 2, parameters: { jsCode: "return [{ json: { name: 'Ada' } }];" } },
          {
            name: 'Send Email',
            type: 'n8n-nodes-base.emailSend',
            typeVersion: 2.1,
            parameters: { fromEmail: 'reports@example.com', toEmail: 'ada@example.com', subject: '=Hello {{ $json.name }}', emailFormat: 'both', text: '=Hi {{ $json.name }}', html: '=<b>Hi {{ $json.name }}</b>', options: { ccEmail: 'boss@example.com', appendAttribution: false } },
          },
        ],
        connections: { Start: { main: [[{ node: 'Code', type: 'main', index: 0 }]] }, Code: { main: [[{ node: 'Send Email', type: 'main', index: 0 }]] } },
      },
      () => undefined,
    );
    expect(imported.unsupported).toEqual([]);
    for (const entry of imported.document.nodes) if (entry.type.startsWith('smtp.')) entry.connection = id;
    const saved = env.host.engine.workflows.save({ document: imported.document });
    const { row } = await env.host.engine.run({ workflowId: saved.id });
    await env.host.engine.waitFor(row.id);
    expect(env.host.engine.detail(row.id).status).toBe('succeeded');
    expect(plain.received.at(-1)).toMatchObject({ to: ['ada@example.com', 'boss@example.com'], headers: { Subject: 'Hello Ada', Cc: 'boss@example.com' } });

    const files = await startStandIn(() => ({ headers: { 'content-type': 'text/csv' }, bytes: Buffer.from('col1,col2\n1,2\n') }));
    const withFile = env.host.engine.workflows.save({
      document: chain('Attach', [
        manualStart(),
        node('http-request.send', { url: `${files.url}/report.csv`, responseFormat: 'binary' }, { id: 'get', name: 'Get' }),
        node('smtp.send', { from: 'reports@example.com', to: 'ada@example.com', subject: 'CSV', text: 'Attached', attachments: ['data'] }, { id: 'send', name: 'Send', connection: id }),
      ]),
    });
    const second = await env.host.engine.run({ workflowId: withFile.id });
    await env.host.engine.waitFor(second.row.id);
    const detail = env.host.engine.detail(second.row.id);
    expect(detail.status, JSON.stringify(detail.error)).toBe('succeeded');
    await files.close();
    expect(plain.received.at(-1)!.leaves.at(-1)).toEqual({ mimeType: 'text/csv', filename: 'data', bytes: Buffer.from('col1,col2\n1,2\n') });
  });
});

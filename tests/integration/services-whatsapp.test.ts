import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importN8nWorkflow } from '../../electron/main/services/engine/n8n/import-n8n';
import { startWhatsAppApi, type WhatsAppApi } from '../fixtures/whatsapp-api';
import { integrationsHost, pluginActions, type IntegrationsHost } from '../helpers/integrations-host';

let api: WhatsAppApi;
let env: IntegrationsHost;

beforeAll(async () => (api = await startWhatsAppApi()));
afterAll(() => api.close());
beforeEach(async () => {
  api.sent.length = 0;
  env = await integrationsHost();
});
afterEach(() => env.host.dispose());

const connect = async (token = api.token) =>
  (await env.call('integrations.connections.create', { pluginId: 'whatsapp', name: `WhatsApp ${Math.random()}`, config: { baseUrl: api.url, apiVersion: 'v21.0' }, auth: { type: 'bearer', token }, settings: { rateLimit: { requestsPerSecond: 1000, burst: 100 } } })).id;
const { run, fail } = pluginActions(() => env, 'whatsapp');

describe('WhatsApp Business Cloud', () => {
  it('sends text, template and media messages and looks media up', async () => {
    const id = await connect();
    expect(await env.call('integrations.connections.test', { id })).toMatchObject({ ok: true, status: 'connected' });
    const from = api.phoneNumberId;
    const text = (await run('sendText', { phoneNumberId: from, to: '+33 6 12 34 56 78', text: 'Bonjour ! https://example.com', previewUrl: true }, id)) as { messages: { id: string }[] };
    expect(text.messages[0]!.id).toMatch(/^wamid\./);
    expect(api.sent[0]).toMatchObject({ to: '33612345678', type: 'text', text: { body: 'Bonjour ! https://example.com', preview_url: true } });
    await run('sendTemplate', { phoneNumberId: from, to: '33612345678', template: 'order_update', bodyParameters: ['Ada', '#42'] }, id);
    expect(api.sent[1]).toMatchObject({ type: 'template', template: { name: 'order_update', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ada' }, { type: 'text', text: '#42' }] }] } });
    await run('sendMedia', { phoneNumberId: from, to: '33612345678', kind: 'document', link: 'https://example.com/invoice.pdf', caption: 'Invoice', fileName: 'invoice.pdf' }, id);
    expect(api.sent[2]).toMatchObject({ type: 'document', document: { link: 'https://example.com/invoice.pdf', caption: 'Invoice', filename: 'invoice.pdf' } });
    api.media.set('1037543291543636', { mimeType: 'audio/ogg', bytes: Buffer.from('OggS voice note') });
    expect(await run('getMedia', { mediaId: '1037543291543636' }, id)).toMatchObject({ id: '1037543291543636', mime_type: 'audio/ogg', file_size: 15, url: expect.stringContaining('mid=1037543291543636') });
  });

  it('reports the Graph API\'s errors with their details, and a bad token as a sign-in problem', async () => {
    const id = await connect();
    const from = api.phoneNumberId;
    expect(await fail('sendTemplate', { phoneNumberId: from, to: '33612345678', template: 'order_update', bodyParameters: ['Ada'] }, id)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: 'WhatsApp messages failed: body: number of localizable_params (1) does not match the expected number of params (2) (code 132000).' },
    });
    expect(await fail('sendText', { phoneNumberId: from, to: 'nobody', text: 'x' }, id)).toMatchObject({ ok: false, error: { message: 'WhatsApp messages failed: Recipient phone number is not valid (code 131009).' } });
    expect(await fail('sendMedia', { phoneNumberId: from, to: '33612345678', kind: 'image' }, id)).toMatchObject({ ok: false, error: { message: 'Give the media\'s link or its media ID (one of them).' } });
    expect(await fail('sendText', { phoneNumberId: 'abc', to: '33612345678', text: 'x' }, id)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const wrong = await connect('EAAGexpired');
    expect(await fail('sendText', { phoneNumberId: from, to: '33612345678', text: 'x' }, wrong)).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('Invalid OAuth access token - Cannot parse access token (code 190). Give the connection a valid access token') } });
    expect(api.sent).toEqual([]);
  });

  it('maps n8n WhatsApp nodes', () => {
    const imported = importN8nWorkflow(
      {
        name: 'WhatsApp',
        nodes: [
          { name: 'Reply', type: 'n8n-nodes-base.whatsApp', typeVersion: 1, parameters: { textBody: '={{ $json.output }}', operation: 'send', phoneNumberId: '477115632141067', requestOptions: {}, additionalFields: {}, recipientPhoneNumber: '={{ $json.messages[0].from }}' } },
          { name: 'Media', type: 'n8n-nodes-base.whatsApp', typeVersion: 1, parameters: { resource: 'media', operation: 'mediaUrlGet', mediaGetId: '={{ $json.audio.id }}', requestOptions: {} } },
          { name: 'Template', type: 'n8n-nodes-base.whatsApp', typeVersion: 1, parameters: { operation: 'sendTemplate', phoneNumberId: '1', recipientPhoneNumber: '2', template: 'order_update|fr', components: { component: [{ type: 'body', bodyParameters: { parameter: [{ type: 'text', text: '={{ $json.name }}' }] } }] } } },
        ],
        connections: {},
      },
      () => undefined,
    );
    expect(imported.unsupported).toEqual([]);
    expect(imported.document.nodes.map(({ type, parameters }) => ({ type, parameters }))).toEqual([
      { type: 'whatsapp.sendText', parameters: { phoneNumberId: '477115632141067', to: '{{ $json.messages[0].from }}', text: '{{ $json.output }}', previewUrl: false } },
      { type: 'whatsapp.getMedia', parameters: { mediaId: '{{ $json.audio.id }}' } },
      { type: 'whatsapp.sendTemplate', parameters: { phoneNumberId: '1', to: '2', template: 'order_update', language: 'fr', bodyParameters: ['{{ $json.name }}'] } },
    ]);
  });
});

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importN8nWorkflow } from '../../electron/main/services/engine/n8n/import-n8n';
import { startTwilioApi, type TwilioApi } from '../fixtures/twilio-api';
import { integrationsHost, pluginActions, type IntegrationsHost } from '../helpers/integrations-host';

let api: TwilioApi;
let env: IntegrationsHost;

beforeAll(async () => (api = await startTwilioApi()));
afterAll(() => api.close());
beforeEach(async () => {
  api.messages.length = 0;
  env = await integrationsHost();
});
afterEach(() => env.host.dispose());

const connect = async (password = api.authToken) =>
  (await env.call('integrations.connections.create', { pluginId: 'twilio', name: `Twilio ${Math.random()}`, config: { baseUrl: api.url }, auth: { type: 'basic', username: api.accountSid, password }, settings: { rateLimit: { requestsPerSecond: 1000, burst: 100 } } })).id;
const { run, fail } = pluginActions(() => env, 'twilio');

describe('Twilio', () => {
  it('sends SMS, MMS and WhatsApp messages, fetches one, and places a call that speaks', async () => {
    const id = await connect();
    expect(await env.call('integrations.connections.test', { id })).toMatchObject({ ok: true, status: 'connected' });
    const sms = (await run('sendSms', { from: '+14155550100', to: '+33612345678', body: 'Votre code : 1234 — merci', statusCallback: 'https://example.com/status' }, id)) as { sid: string; status: string };
    expect(sms).toMatchObject({ status: 'queued', to: '+33612345678', from: '+14155550100', body: 'Votre code : 1234 — merci', num_segments: '1' });
    expect(api.messages[0]).toMatchObject({ status_callback: 'https://example.com/status' });
    await run('sendSms', { from: '+14155550100', to: '+33612345678', body: 'Pictures', mediaUrls: ['https://example.com/a.jpg', 'https://example.com/b.jpg'] }, id);
    expect(api.messages[1]).toMatchObject({ num_media: '2', media: ['https://example.com/a.jpg', 'https://example.com/b.jpg'] });
    await run('sendSms', { from: '+14155550100', to: '+33612345678', body: 'Hi', whatsapp: true }, id);
    expect(api.messages[2]).toMatchObject({ to: 'whatsapp:+33612345678', from: 'whatsapp:+14155550100' });
    expect(await run('getMessage', { sid: sms.sid }, id)).toMatchObject({ sid: sms.sid, status: 'delivered' });

    await run('makeCall', { from: '+14155550100', to: '+33612345678', message: 'Your <order> & "parcel" shipped' }, id);
    expect(api.calls.at(-1)).toMatchObject({ twiml: '<Response><Say>Your &lt;order&gt; &amp; &quot;parcel&quot; shipped</Say></Response>' });
  });

  it('reports Twilio\'s errors with their code, and a wrong token as a sign-in problem', async () => {
    const id = await connect();
    expect(await fail('sendSms', { from: '+14155550100', to: '0612', body: 'x' }, id)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: "Twilio Messages.create failed: Invalid 'To' Phone Number: 0612 (error 21211). See https://www.twilio.com/docs/errors/21211" } });
    expect(await fail('makeCall', { from: '+14155550100', to: '+33612345678', message: '<Say>unclosed', twiml: true }, id)).toMatchObject({ ok: false, error: { message: expect.stringContaining('Document parse failure (error 12100)') } });
    expect(await fail('getMessage', { sid: 'nope' }, id)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('SM or MM') } });
    const wrong = await connect('not-the-token');
    expect(await fail('sendSms', { from: '+14155550100', to: '+33612345678', body: 'x' }, wrong)).toMatchObject({ ok: false, error: { code: 'forbidden', message: 'Twilio Messages.create failed: Authenticate (error 20003). Check the account SID and auth token of the connection.' } });
    expect(JSON.stringify(await fail('sendSms', { from: '+14155550100', to: '+33612345678', body: 'x' }, wrong))).not.toContain('not-the-token');
  });

  it('maps n8n Twilio nodes', () => {
    const imported = importN8nWorkflow(
      {
        name: 'Twilio',
        nodes: [
          { name: 'SMS', type: 'n8n-nodes-base.twilio', typeVersion: 1, parameters: { to: '={{ $json.phone }}', from: '+14155550100', message: '=Hi {{ $json.name }}', options: { statusCallback: 'https://example.com/cb' } } },
          { name: 'WhatsApp', type: 'n8n-nodes-base.twilio', typeVersion: 1, parameters: { to: '+33612345678', from: '+14155550100', toWhatsapp: true, message: 'Hi' } },
          { name: 'Call', type: 'n8n-nodes-base.twilio', typeVersion: 1, parameters: { resource: 'call', to: '+33612345678', from: '+14155550100', message: 'We will call you back', options: {} } },
        ],
        connections: {},
      },
      () => undefined,
    );
    expect(imported.unsupported).toEqual([]);
    expect(imported.document.nodes.map(({ type, parameters }) => ({ type, parameters }))).toEqual([
      { type: 'twilio.sendSms', parameters: { from: '+14155550100', to: '{{ $json.phone }}', body: 'Hi {{ $json.name }}', whatsapp: false, statusCallback: 'https://example.com/cb' } },
      { type: 'twilio.sendSms', parameters: { from: '+14155550100', to: '+33612345678', body: 'Hi', whatsapp: true } },
      { type: 'twilio.makeCall', parameters: { from: '+14155550100', to: '+33612345678', message: 'We will call you back', twiml: false } },
    ]);
  });
});

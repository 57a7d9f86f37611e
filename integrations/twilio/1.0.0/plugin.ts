import type { z } from 'zod';
import { EchelonError } from '../../../shared/contract/errors';
import { isSuccess, type HttpRequest } from '../../../shared/integrations/http';
import { defineIntegrationCode, type ActionContext } from '../../../shared/integrations/plugin-code';
import type { CallParams, MessageRef, SmsParams, TwilioConnection } from './manifest';

type Context = ActionContext<z.output<typeof TwilioConnection>>;

const CODES: Record<number, 'invalid_input' | 'forbidden' | 'not_found' | 'unavailable'> = { 400: 'invalid_input', 401: 'forbidden', 403: 'forbidden', 404: 'not_found', 429: 'unavailable' };

/** A call to the account's REST resources; Twilio's errors carry a code whose page says what to do. */
async function call(ctx: Context, what: string, path: string, request: Omit<HttpRequest, 'url'> = {}): Promise<Record<string, unknown>> {
  const sid = ctx.login().username;
  const response = await ctx.request({ ...request, url: `2010-04-01/Accounts/${encodeURIComponent(sid)}${path}` });
  if (isSuccess(response)) return response.body as Record<string, unknown>;
  const error = (response.body ?? {}) as { code?: number; message?: string; more_info?: string };
  const hint = response.status === 401 ? ' Check the account SID and auth token of the connection.' : error.more_info ? ` See ${error.more_info}` : '';
  throw new EchelonError(CODES[response.status] ?? (response.status >= 500 ? 'unavailable' : 'invalid_input'), `Twilio ${what} failed: ${error.message ?? `HTTP ${response.status}`}${error.code ? ` (error ${error.code})` : ''}.${hint}`);
}

/** A form body; Twilio takes a repeated key (MediaUrl) once per value, which a plain record cannot say. */
const formBody = (fields: Record<string, string>, repeated: [string, string][] = []): HttpRequest['body'] => ({
  type: 'text',
  value: new URLSearchParams([...Object.entries(fields), ...repeated]).toString(),
  contentType: 'application/x-www-form-urlencoded',
});
const whatsapp = (number: string) => (number.startsWith('whatsapp:') ? number : `whatsapp:${number}`);
const escapeXml = (text: string) => text.replace(/[<>&'"]/g, (char) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', "'": 'apos', '"': 'quot' }[char]};`);

export default defineIntegrationCode({
  actions: {
    async sendSms(params: z.output<typeof SmsParams>, ctx: Context) {
      const service = /^MG[0-9a-f]{32}$/.test(params.from);
      const form: Record<string, string> = {
        To: params.whatsapp ? whatsapp(params.to) : params.to,
        [service ? 'MessagingServiceSid' : 'From']: params.whatsapp && !service ? whatsapp(params.from) : params.from,
        Body: params.body,
        ...(params.statusCallback ? { StatusCallback: params.statusCallback } : {}),
      };
      return call(ctx, 'Messages.create', '/Messages.json', { method: 'POST', body: formBody(form, params.mediaUrls.map((url) => ['MediaUrl', url])) });
    },
    async makeCall(params: z.output<typeof CallParams>, ctx: Context) {
      const twiml = params.twiml ? params.message : `<Response><Say>${escapeXml(params.message)}</Say></Response>`;
      return call(ctx, 'Calls.create', '/Calls.json', { method: 'POST', body: formBody({ To: params.to, From: params.from, Twiml: twiml, ...(params.statusCallback ? { StatusCallback: params.statusCallback } : {}) }) });
    },
    async getMessage(params: z.output<typeof MessageRef>, ctx: Context) {
      return call(ctx, 'Messages.fetch', `/Messages/${params.sid}.json`);
    },
    async account(_params: Record<string, never>, ctx: Context) {
      const account = await call(ctx, 'Accounts.fetch', '.json');
      return { sid: account.sid, friendlyName: account.friendly_name, status: account.status };
    },
  },
});

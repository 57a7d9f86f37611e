import type { z } from 'zod';
import { EchelonError } from '../../../shared/contract/errors';
import { isSuccess, type HttpRequest, type HttpResponse } from '../../../shared/integrations/http';
import { defineIntegrationCode, type ActionContext } from '../../../shared/integrations/plugin-code';
import type { MediaParams, MediaRef, TemplateParams, TextParams, WhatsAppConnection } from './manifest';

type Context = ActionContext<z.output<typeof WhatsAppConnection>>;
type Sender = z.output<typeof TextParams>;
/** Graph API errors: `{ error: { message, type, code, error_subcode, error_data: { details } } }`. */
function expectOk(response: HttpResponse, what: string): Record<string, unknown> {
  if (isSuccess(response)) return (response.body ?? {}) as Record<string, unknown>;
  const error = ((response.body ?? {}) as { error?: { message?: string; code?: number; error_data?: { details?: string } } }).error ?? {};
  const code = response.status === 401 || error.code === 190 ? 'forbidden' : response.status === 404 ? 'not_found' : response.status === 429 || error.code === 130429 ? 'unavailable' : response.status >= 500 ? 'unavailable' : 'invalid_input';
  const hint = code === 'forbidden' ? ' Give the connection a valid access token (a system user token does not expire).' : '';
  throw new EchelonError(code, `WhatsApp ${what} failed: ${error.error_data?.details ?? error.message ?? `HTTP ${response.status}`}${error.code ? ` (code ${error.code})` : ''}.${hint}`);
}

const graph = async (ctx: Context, what: string, path: string, request: Omit<HttpRequest, 'url'> = {}) => expectOk(await ctx.request({ ...request, url: `${ctx.connection!.config.apiVersion}/${path}` }), what);

function send(ctx: Context, params: Sender | z.output<typeof TemplateParams> | z.output<typeof MediaParams>, message: Record<string, unknown>) {
  const to = params.to.replace(/[^\d]/g, '');
  return graph(ctx, 'messages', `${params.phoneNumberId}/messages`, { method: 'POST', body: { type: 'json', value: { messaging_product: 'whatsapp', recipient_type: 'individual', to, ...message } } });
}

export default defineIntegrationCode({
  actions: {
    async sendText(params: z.output<typeof TextParams>, ctx: Context) {
      return send(ctx, params, { type: 'text', text: { body: params.text, preview_url: params.previewUrl } });
    },
    async sendTemplate(params: z.output<typeof TemplateParams>, ctx: Context) {
      const components = params.bodyParameters.length > 0 ? [{ type: 'body', parameters: params.bodyParameters.map((text) => ({ type: 'text', text })) }] : [];
      return send(ctx, params, { type: 'template', template: { name: params.template, language: { code: params.language }, ...(components.length > 0 ? { components } : {}) } });
    },
    async sendMedia(params: z.output<typeof MediaParams>, ctx: Context) {
      if (!params.link === !params.mediaId) throw new EchelonError('invalid_input', 'Give the media\'s link or its media ID (one of them).', { path: 'params.link' });
      const media = { ...(params.link ? { link: params.link } : { id: params.mediaId }), ...(params.caption && params.kind !== 'audio' && params.kind !== 'sticker' ? { caption: params.caption } : {}), ...(params.kind === 'document' && params.fileName ? { filename: params.fileName } : {}) };
      return send(ctx, params, { type: params.kind, [params.kind]: media });
    },
    async getMedia(params: z.output<typeof MediaRef>, ctx: Context) {
      return graph(ctx, 'media', encodeURIComponent(params.mediaId));
    },
    async check(_params: Record<string, never>, ctx: Context) {
      return graph(ctx, 'me', 'me');
    },
  },
});

import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';

export const WebhookParameters = z.object({
  /** Under the listener's `/webhook/`; letters, digits, `-`, `_`, `/` and `:param` segments. */
  path: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z0-9_\-/:.]+$/, 'Use letters, digits and - _ / : . in a webhook path.'),
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']).default('POST'),
  /** `immediately`: 200 once the run is queued; `lastNode`: the last node's output; `respondNode`: a Respond to Webhook node answers. */
  respond: z.enum(['immediately', 'lastNode', 'respondNode']).default('immediately'),
  responseCode: z.number().int().min(100).max(599).default(200),
  /** With `lastNode`: the first item's JSON, every item's JSON, or nothing. */
  responseData: z.enum(['firstEntryJson', 'allEntries', 'noData']).default('firstEntryJson'),
  /** Credential headers reach the run only when listed, for a workflow that checks them itself; otherwise they are dropped. */
  keepHeaders: z.array(z.enum(['authorization', 'cookie', 'proxy-authorization'])).default([]),
});

export const RespondParameters = z.object({
  respondWith: z.enum(['allIncomingItems', 'firstIncomingItem', 'json', 'text', 'noData', 'binary', 'redirect']).default('firstIncomingItem'),
  /** With `json` or `text`. */
  responseBody: z.unknown().optional(),
  responseCode: z.number().int().min(100).max(599).default(200),
  responseHeaders: z.array(z.object({ name: z.string().min(1), value: z.string() })).default([]),
  /** With `binary`: the first item's file to send (its first one when empty). */
  inputFieldName: z.string().default(''),
  /** With `redirect`: where to send the caller (status 307 unless a response code is set). */
  redirectURL: z.string().default(''),
});

export default definePlugin({
  id: 'webhook',
  name: 'Webhook',
  version: '1.0.0',
  description: 'Starts a workflow from an HTTP request to the local listener (127.0.0.1), and answers it.',
  category: 'Triggers',
  icon: 'webhook',
  type: 'core',
  auth: [{ type: 'none' }],
  actions: [
    {
      id: 'respond',
      name: 'Respond to webhook',
      description: 'Answers the request that started the run, with its items, JSON or text.',
      parameters: RespondParameters,
      sideEffects: false,
      kind: 'control',
    },
  ],
  triggers: [{ id: 'trigger', name: 'Webhook', description: 'Runs on an HTTP request to /webhook/<path>.', parameters: WebhookParameters }],
});

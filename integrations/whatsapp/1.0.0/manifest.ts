import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';

export const WhatsAppConnection = z.object({
  baseUrl: z.url({ protocol: /^https?$/ }).meta({ title: 'API URL' }).default('https://graph.facebook.com'),
  apiVersion: z.string().regex(/^v\d+\.\d+$/).default('v21.0').meta({ title: 'Graph API version' }),
});

const Sender = z.object({
  phoneNumberId: z.string().trim().regex(/^\d+$/, 'The phone number ID is the digits WhatsApp Manager shows for your business number.'),
  to: z.string().trim().min(1).meta({ description: 'The recipient\'s number with country code (+33612345678 or 33612345678).' }),
});
export const TextParams = Sender.extend({ text: z.string().min(1).max(4096).meta({ 'x-multiline': true }), previewUrl: z.boolean().default(false) });
export const TemplateParams = Sender.extend({
  template: z.string().min(1).meta({ description: 'The approved template\'s name.' }),
  language: z.string().min(2).default('en_US'),
  bodyParameters: z.array(z.string()).default([]).meta({ description: 'Values for {{1}}, {{2}}… of the template\'s body.' }),
});
export const MediaParams = Sender.extend({
  kind: z.enum(['image', 'document', 'audio', 'video', 'sticker']),
  link: z.url().optional().meta({ description: 'A public HTTPS URL of the file…' }),
  mediaId: z.string().optional().meta({ description: '…or the ID of media already uploaded.' }),
  caption: z.string().optional(),
  fileName: z.string().optional().meta({ description: 'Shown for documents.' }),
});
export const MediaRef = z.object({ mediaId: z.string().trim().min(1) });

export default definePlugin({
  id: 'whatsapp',
  name: 'WhatsApp Business Cloud',
  version: '1.0.0',
  description: 'Send text, template and media messages from a WhatsApp Business number, and look up media people send.',
  category: 'Communication',
  icon: 'message-circle',
  type: 'api',
  auth: [{ type: 'bearer' }],
  connection: WhatsAppConnection,
  rateLimit: { requestsPerSecond: 20, burst: 40 },
  healthCheck: { action: 'check' },
  actions: [
    { id: 'sendText', name: 'Send a text', description: 'A text message (inside the 24-hour service window).', parameters: TextParams, recovery: 'wait' },
    { id: 'sendTemplate', name: 'Send a template', description: 'An approved template, which may open a conversation.', parameters: TemplateParams, recovery: 'wait' },
    { id: 'sendMedia', name: 'Send media', description: 'An image, document, audio, video or sticker by link or media ID.', parameters: MediaParams, recovery: 'wait' },
    { id: 'getMedia', name: 'Get a media URL', description: 'A received media\'s URL (valid five minutes; it wants the same access token), type and size.', parameters: MediaRef, sideEffects: false },
    { id: 'check', name: 'Check the token', description: 'Who the access token belongs to.', parameters: z.object({}), sideEffects: false },
  ],
  triggers: [],
});

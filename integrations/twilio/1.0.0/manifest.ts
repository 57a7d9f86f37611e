import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';

export const TwilioConnection = z.object({
  baseUrl: z.url({ protocol: /^https?$/ }).meta({ title: 'API URL' }).default('https://api.twilio.com'),
});

const Phone = z.string().trim().min(1).meta({ description: 'E.164, e.g. +14155550100.' });
const StatusCallback = z.url({ protocol: /^https?$/ }).optional().meta({ description: 'Twilio posts the delivery status here.' });

export const SmsParams = z.object({
  from: Phone.meta({ description: 'Your Twilio number (E.164) or a messaging service SID (MG…).' }),
  to: Phone,
  body: z.string().min(1).max(1600).meta({ 'x-multiline': true }),
  whatsapp: z.boolean().default(false).meta({ description: 'Send over WhatsApp (both numbers get the whatsapp: prefix).' }),
  mediaUrls: z.array(z.url()).default([]).meta({ description: 'Public URLs of images to send (MMS or WhatsApp).' }),
  statusCallback: StatusCallback,
});
export const CallParams = z.object({
  from: Phone,
  to: Phone,
  message: z.string().min(1).meta({ 'x-multiline': true, description: 'Spoken to the person, or TwiML when "twiml" is on.' }),
  twiml: z.boolean().default(false),
  statusCallback: StatusCallback,
});
export const MessageRef = z.object({ sid: z.string().regex(/^(SM|MM)[0-9a-f]{32}$/, 'A message SID starts with SM or MM and has 32 hex digits.') });

export default definePlugin({
  id: 'twilio',
  name: 'Twilio',
  version: '1.0.0',
  description: 'Send SMS, MMS and WhatsApp messages and place voice calls that speak a message.',
  category: 'Communication',
  icon: 'phone',
  type: 'api',
  // The account SID is the username and the auth token (or an API key's secret) the password.
  auth: [{ type: 'basic' }],
  connection: TwilioConnection,
  rateLimit: { requestsPerSecond: 10, burst: 20 },
  healthCheck: { action: 'account' },
  actions: [
    { id: 'sendSms', name: 'Send a message', description: 'An SMS, MMS or WhatsApp message.', parameters: SmsParams, recovery: 'wait' },
    { id: 'makeCall', name: 'Make a call', description: 'Calls the number and speaks the message (or runs the TwiML).', parameters: CallParams, recovery: 'wait' },
    { id: 'getMessage', name: 'Get a message', description: 'A sent message and its delivery status.', parameters: MessageRef, sideEffects: false },
    { id: 'account', name: 'Check the account', description: 'The account\'s name and status.', parameters: z.object({}), sideEffects: false },
  ],
  triggers: [],
});

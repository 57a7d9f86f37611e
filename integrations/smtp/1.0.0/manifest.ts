import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';

export const SmtpConnection = z.object({
  host: z.string().trim().min(1).meta({ title: 'SMTP server', description: 'smtp.example.com' }),
  port: z.number().int().min(1).max(65_535).default(587),
  security: z.enum(['starttls', 'tls', 'none']).default('starttls').meta({ title: 'Security', description: 'starttls (port 587) upgrades the connection and refuses to go on without it; tls (port 465) encrypts from the start; none sends in clear text.' }),
  verifyCertificate: z.boolean().default(true).meta({ title: 'Check the server certificate' }),
  from: z.string().optional().meta({ title: 'Default sender', description: '"Name <address>" used when a message names none.' }),
});

const Addresses = z.union([z.string(), z.array(z.string())]).optional().meta({ description: 'One address, several separated by commas, or a list.' });

export const SendParams = z.object({
  from: z.string().optional(),
  to: Addresses,
  cc: Addresses,
  bcc: Addresses,
  replyTo: z.string().optional(),
  subject: z.string().default(''),
  text: z.string().optional().meta({ 'x-multiline': true }),
  html: z.string().optional().meta({ 'x-multiline': true }),
  attachments: z.array(z.string()).default([]).meta({ description: 'Binary properties of the item to attach.' }),
});

export default definePlugin({
  id: 'smtp',
  name: 'Email (SMTP)',
  version: '1.0.0',
  description: 'Send mail through any SMTP server, with HTML, attachments and a connection kept open between messages.',
  category: 'Communication',
  icon: 'mail',
  type: 'api',
  auth: [{ type: 'basic' }, { type: 'none' }],
  connection: SmtpConnection,
  healthCheck: { action: 'check' },
  actions: [
    { id: 'send', name: 'Send an email', description: 'Text and/or HTML, with attachments from the item\'s binary data.', parameters: SendParams, recovery: 'wait' },
    { id: 'check', name: 'Check the connection', description: 'Connects, upgrades to TLS as set, and signs in, without sending.', parameters: z.object({}), sideEffects: false },
  ],
  triggers: [],
});

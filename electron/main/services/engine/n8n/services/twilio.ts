import { type Mapper, type Params, action, obj, str } from './common';

/** n8n's Twilio node (SMS/MMS/WhatsApp, calls) as the twilio integration. */
export const twilio: Mapper = (node, params, ctx) => {
  const resource = str(params.resource, 'sms');
  const options = obj(params.options);
  const callback: Params = options.statusCallback ? { statusCallback: str(options.statusCallback) } : {};
  if (resource === 'sms' && str(params.operation, 'send') === 'send') {
    return action(node, ctx, 'twilio', 'Twilio', 'sendSms', { from: str(params.from), to: str(params.to), body: str(params.message), whatsapp: params.toWhatsapp === true, ...callback });
  }
  if (resource === 'call' && str(params.operation, 'make') === 'make') {
    return action(node, ctx, 'twilio', 'Twilio', 'makeCall', { from: str(params.from), to: str(params.to), message: str(params.message), twiml: params.twiml === true, ...callback });
  }
  return undefined;
};

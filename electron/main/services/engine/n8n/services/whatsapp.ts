import { type Mapper, type Params, action, list, obj, str } from './common';

/** n8n's WhatsApp Business Cloud node as the whatsapp integration. */
export const whatsApp: Mapper = (node, params, ctx) => {
  const resource = str(params.resource, 'message');
  const wa = (actionId: string, parameters: Params) => action(node, ctx, 'whatsapp', 'WhatsApp Business Cloud', actionId, parameters);
  if (resource === 'media') return str(params.operation) === 'mediaUrlGet' ? wa('getMedia', { mediaId: str(params.mediaGetId) }) : undefined;
  if (resource !== 'message') return undefined;
  const sender: Params = { phoneNumberId: str(params.phoneNumberId), to: str(params.recipientPhoneNumber) };
  const extra = obj(params.additionalFields);
  switch (str(params.operation, 'send')) {
    case 'send': {
      const type = str(params.messageType, 'text');
      if (type === 'text') return wa('sendText', { ...sender, text: str(params.textBody), previewUrl: extra.previewUrl === true });
      if (!['image', 'document', 'audio', 'video', 'sticker'].includes(type) || str(params.mediaPath, 'useMediaLink') === 'useMedian8n') return undefined;
      const byLink = str(params.mediaPath, 'useMediaLink') === 'useMediaLink';
      return wa('sendMedia', { ...sender, kind: type, ...(byLink ? { link: str(params.mediaLink) } : { mediaId: str(params.mediaId) }), ...(extra.mediaCaption ? { caption: str(extra.mediaCaption) } : {}), ...(extra.mediaFilename ? { fileName: str(extra.mediaFilename) } : {}) });
    }
    case 'sendTemplate': {
      const [template = '', language = 'en_US'] = str(params.template).split('|');
      const body = list(obj(params.components).component).map((entry) => obj(entry)).find((entry) => str(entry.type, 'body') === 'body');
      const values = list(obj(body?.bodyParameters).parameter).map((entry) => str(obj(entry).text));
      return wa('sendTemplate', { ...sender, template, language, bodyParameters: values });
    }
    default:
      return undefined;
  }
};

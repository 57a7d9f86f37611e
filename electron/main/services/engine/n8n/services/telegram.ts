import { type Mapper, type Params, action, list, names, obj, str } from './common';

/** n8n's Telegram node and trigger as the telegram integration. */

/** n8n's reply markup form (rows of buttons) as the Bot API's `reply_markup`. */
function telegramMarkup(params: Params): Params | undefined {
  const kind = str(params.replyMarkup, 'none');
  const rows = (key: string) =>
    list(obj(params[key]).rows).map((row) =>
      list(obj(obj(row).row).buttons).map((button) => {
        const fields = obj(button);
        return { text: str(fields.text), ...obj(fields.additionalFields) } as Params;
      }),
    );
  if (kind === 'inlineKeyboard') return { inline_keyboard: rows('inlineKeyboard') };
  if (kind === 'replyKeyboard') return { keyboard: rows('replyKeyboard'), ...obj(params.replyKeyboardOptions) };
  if (kind === 'replyKeyboardRemove') return { remove_keyboard: true, ...obj(params.replyKeyboardRemove) };
  if (kind === 'forceReply') return { force_reply: true, ...obj(params.forceReply) };
  return undefined;
}

const TELEGRAM_FILES: Record<string, string> = { sendPhoto: 'photo', sendDocument: 'document', sendAudio: 'audio', sendVideo: 'video', sendAnimation: 'animation', sendSticker: 'sticker' };

export const telegram: Mapper = (node, params, ctx) => {
  const resource = str(params.resource, 'message');
  const operation = str(params.operation, resource === 'message' ? 'sendMessage' : resource === 'chat' ? 'get' : resource === 'file' ? 'get' : 'answerQuery');
  const extra = obj(params.additionalFields);
  const tg = (actionId: string, parameters: Params) => action(node, ctx, 'telegram', 'Telegram', actionId, parameters);
  const sending: Params = { chatId: str(params.chatId) };
  if (extra.disable_notification === true) sending.disableNotification = true;
  if (extra.reply_to_message_id !== undefined) sending.replyToMessageId = Number(extra.reply_to_message_id);
  if (extra.message_thread_id !== undefined) sending.messageThreadId = Number(extra.message_thread_id);
  const markup = telegramMarkup(params);
  if (markup) sending.replyMarkup = markup;
  const parseMode: Params = extra.parse_mode !== undefined ? { parseMode: str(extra.parse_mode) } : {};
  if (extra.appendAttribution !== false && resource === 'message' && (operation === 'sendMessage' || operation in TELEGRAM_FILES)) {
    ctx.notes.push(`"${node.name}": Echelon does not append n8n's "sent automatically with n8n" line.`);
  }
  if (resource === 'message') {
    if (operation === 'sendMessage') return tg('sendMessage', { ...sending, text: str(params.text), ...parseMode, ...(extra.disable_web_page_preview === true ? { disableWebPagePreview: true } : {}) });
    if (operation in TELEGRAM_FILES) {
      const binary = params.binaryData === true;
      const file: Params = binary ? { binaryProperty: str(params.binaryPropertyName, 'data') } : { file: str(params.file) };
      return tg('sendFile', { ...sending, kind: TELEGRAM_FILES[operation]!, ...file, ...(extra.caption !== undefined ? { caption: str(extra.caption) } : {}), ...parseMode });
    }
    if (operation === 'editMessageText') {
      if (str(params.messageType, 'message') !== 'message') return undefined;
      return tg('editMessageText', { chatId: str(params.chatId), messageId: Number(params.messageId), text: str(params.text), ...parseMode, ...(markup ? { replyMarkup: markup } : {}) });
    }
    if (operation === 'deleteMessage') return tg('deleteMessage', { chatId: str(params.chatId), messageId: Number(params.messageId) });
    if (operation === 'pinChatMessage') return tg('pinMessage', { chatId: str(params.chatId), messageId: Number(params.messageId) });
    if (operation === 'sendChatAction') return tg('sendChatAction', { chatId: str(params.chatId), action: str(params.action, 'typing') });
    return undefined;
  }
  if (resource === 'chat' && operation === 'get') return tg('getChat', { chatId: str(params.chatId) });
  if (resource === 'callback' && operation === 'answerQuery') {
    return tg('answerCallbackQuery', { callbackQueryId: str(params.queryId), ...(extra.text !== undefined ? { text: str(extra.text) } : {}), ...(extra.show_alert === true ? { showAlert: true } : {}) });
  }
  if (resource === 'file' && operation === 'get') return tg('getFile', { fileId: str(params.fileId), download: params.download !== false });
  return undefined;
};

export const telegramTrigger: Mapper = (node, params, ctx) => {
  const updates = names(params.updates);
  ctx.notes.push(`"${node.name}" polls Telegram for updates (no public webhook URL needed): the bot must have no webhook set.`);
  return action(node, ctx, 'telegram', 'Telegram', 'updates', { updates: updates.length > 0 ? updates : ['*'] });
};

import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';
import { DEFAULT_POLL, PollSchedule } from '../../../shared/integrations/service-triggers';

export const TelegramConnection = z.object({
  baseUrl: z.url({ protocol: /^https?$/ }).meta({ title: 'Bot API URL', description: 'https://api.telegram.org, or your own Bot API server.' }).default('https://api.telegram.org'),
});

const ChatId = z.union([z.string().min(1), z.number().int()]).meta({ title: 'Chat', description: 'A chat ID (123456789, -100…) or @channelusername.' });
const Markup = z.record(z.string(), z.unknown()).optional().meta({ description: 'reply_markup as the Bot API takes it (inline_keyboard, keyboard…).' });
const Sending = z.object({
  chatId: ChatId,
  disableNotification: z.boolean().default(false),
  replyToMessageId: z.number().int().optional(),
  messageThreadId: z.number().int().optional(),
  replyMarkup: Markup,
});

export const SendMessageParams = Sending.extend({
  text: z.string().min(1).max(4096),
  parseMode: z.enum(['none', 'HTML', 'Markdown', 'MarkdownV2']).default('none'),
  disableWebPagePreview: z.boolean().default(false),
});
export const SendFileParams = Sending.extend({
  kind: z.enum(['photo', 'document', 'audio', 'video', 'animation', 'voice', 'sticker']).default('document'),
  file: z.string().optional().meta({ description: 'A URL or file_id; leave empty to upload the item\'s binary data.' }),
  binaryProperty: z.string().default('data').meta({ description: 'The binary property to upload when no file is named.' }),
  caption: z.string().max(1024).optional(),
  parseMode: z.enum(['none', 'HTML', 'Markdown', 'MarkdownV2']).default('none'),
});
export const EditMessageParams = z.object({ chatId: ChatId, messageId: z.number().int(), text: z.string().min(1).max(4096), parseMode: z.enum(['none', 'HTML', 'Markdown', 'MarkdownV2']).default('none'), replyMarkup: Markup });
export const MessageRef = z.object({ chatId: ChatId, messageId: z.number().int() });
export const ChatRef = z.object({ chatId: ChatId });
export const ChatActionParams = ChatRef.extend({ action: z.enum(['typing', 'upload_photo', 'record_video', 'upload_video', 'record_voice', 'upload_voice', 'upload_document', 'find_location']).default('typing') });
export const AnswerCallbackParams = z.object({ callbackQueryId: z.string().min(1), text: z.string().max(200).optional(), showAlert: z.boolean().default(false) });
export const GetFileParams = z.object({ fileId: z.string().min(1), download: z.boolean().default(true), binaryProperty: z.string().default('data') });

export const UpdatesParams = z.object({
  updates: z.array(z.enum(['*', 'message', 'edited_message', 'channel_post', 'edited_channel_post', 'callback_query', 'inline_query', 'my_chat_member', 'chat_member'])).default(['*']).meta({ description: 'Which updates start a run; * for all.' }),
  poll: PollSchedule.default(DEFAULT_POLL),
});

export default definePlugin({
  id: 'telegram',
  name: 'Telegram',
  version: '1.0.0',
  description: 'A Telegram bot: send and edit messages, photos and files, answer buttons, and start workflows on new updates.',
  category: 'Communication',
  icon: 'send',
  type: 'api',
  auth: [{ type: 'none' }],
  connection: TelegramConnection,
  connectionSecrets: [{ id: 'botToken', title: 'Bot token', description: 'From @BotFather (123456:ABC-…), kept in the vault.', required: true }],
  // Telegram allows about 30 messages per second per bot, one per second per chat.
  rateLimit: { requestsPerSecond: 25, burst: 30 },
  healthCheck: { action: 'getMe' },
  actions: [
    { id: 'sendMessage', name: 'Send a message', description: 'sendMessage, with formatting and buttons.', parameters: SendMessageParams, recovery: 'wait' },
    { id: 'sendFile', name: 'Send a photo or file', description: 'sendPhoto, sendDocument… from a URL, a file_id or the item\'s binary data.', parameters: SendFileParams, recovery: 'wait' },
    { id: 'editMessageText', name: 'Edit a message', description: 'editMessageText.', parameters: EditMessageParams },
    { id: 'deleteMessage', name: 'Delete a message', description: 'deleteMessage.', parameters: MessageRef },
    { id: 'pinMessage', name: 'Pin a message', description: 'pinChatMessage.', parameters: MessageRef },
    { id: 'sendChatAction', name: 'Show an action', description: 'sendChatAction: "typing…" and the like.', parameters: ChatActionParams },
    { id: 'getChat', name: 'Get a chat', description: 'getChat.', parameters: ChatRef, sideEffects: false },
    { id: 'answerCallbackQuery', name: 'Answer a button press', description: 'answerCallbackQuery.', parameters: AnswerCallbackParams },
    { id: 'getFile', name: 'Get a file', description: 'getFile, and its bytes as binary data.', parameters: GetFileParams, sideEffects: false },
    { id: 'getMe', name: 'Check the bot', description: 'getMe: the bot the token belongs to.', parameters: z.object({}), sideEffects: false },
  ],
  triggers: [{ id: 'updates', name: 'On new updates', description: 'New messages, button presses and other updates, by polling getUpdates (no public URL needed).', parameters: UpdatesParams }],
});

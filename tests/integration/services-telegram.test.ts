import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importN8nWorkflow } from '../../electron/main/services/engine/n8n/import-n8n';
import { startTelegramApi, type TelegramApi } from '../fixtures/telegram-api';
import { waitUntil } from '../helpers/api';
import { chain, manualStart, node } from '../helpers/engine';
import { integrationsHost, pluginActions, type IntegrationsHost } from '../helpers/integrations-host';
import { openUnlockedHost } from '../helpers/vault';

let api: TelegramApi;
let env: IntegrationsHost;

beforeAll(async () => (api = await startTelegramApi()));
afterAll(() => api.close());
beforeEach(async () => {
  env = await integrationsHost();
  api.sent.length = 0;
  api.uploads.length = 0;
});
afterEach(() => env.host.dispose());

const connect = async (token = api.token) =>
  (await env.call('integrations.connections.create', { pluginId: 'telegram', name: `Bot ${Math.random()}`, config: { baseUrl: api.url }, auth: { type: 'none' }, secrets: { botToken: token } })).id;
const { run, fail } = pluginActions(() => env, 'telegram');
const steps = (executionId: number, nodeId: string) => (env.host.engine.detail(executionId).steps.find((step) => step.nodeId === nodeId)!.output.value as { main: { json: Record<string, unknown>; binary?: Record<string, { fileName?: string }> }[] }).main;

describe('Telegram', () => {
  it('checks the bot token kept in the vault, and refuses a wrong one without showing it', async () => {
    const id = await connect();
    expect(await env.call('integrations.connections.test', { id })).toMatchObject({ ok: true, status: 'connected' });
    expect(await run('getMe', {}, id)).toMatchObject({ username: 'echelon_test_bot', is_bot: true });
    const wrong = await connect('999:not-the-token-of-this-bot');
    const refused = await fail('getMe', {}, wrong);
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden', message: 'Telegram getMe failed: Unauthorized. Check the bot token (from @BotFather).' } });
    const events = JSON.stringify([refused, await env.call('integrations.connections.events', { id: wrong }), await env.call('integrations.connections.get', { id: wrong })]);
    expect(events).not.toContain('not-the-token-of-this-bot');
  });

  it('sends, edits, deletes messages with buttons, shows actions and answers button presses', async () => {
    const id = await connect();
    const keyboard = { inline_keyboard: [[{ text: 'Approve', callback_data: 'approve' }]] };
    const message = (await run('sendMessage', { chatId: 4242, text: '<b>Deploy?</b>', parseMode: 'HTML', replyMarkup: keyboard }, id)) as { message_id: number; chat: { id: number } };
    expect(message.chat.id).toBe(4242);
    expect(JSON.parse(api.requests.at(-1)!.body.toString())).toEqual({ chat_id: 4242, text: '<b>Deploy?</b>', parse_mode: 'HTML', reply_markup: keyboard });
    expect(await run('editMessageText', { chatId: 4242, messageId: message.message_id, text: 'Deploying…' }, id)).toMatchObject({ text: 'Deploying…', edit_date: expect.any(Number) });
    expect(await fail('editMessageText', { chatId: 4242, messageId: message.message_id, text: 'Deploying…' }, id)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('Telegram editMessageText failed: Bad Request: message is not modified') } });
    expect(await run('sendChatAction', { chatId: 4242 }, id)).toEqual({ sent: true });
    expect(await run('answerCallbackQuery', { callbackQueryId: 'cb1', text: 'Done' }, id)).toEqual({ answered: true });
    expect(await run('getChat', { chatId: '@ada' }, id)).toMatchObject({ id: 4242, type: 'private' });
    expect(await run('deleteMessage', { chatId: 4242, messageId: message.message_id }, id)).toEqual({ deleted: true });
    expect(api.sent).toEqual([]);
    expect(await fail('sendMessage', { chatId: 1, text: 'x' }, id)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'Telegram sendMessage failed: Bad Request: chat not found.' } });
  });

  it('downloads a file as binary data in a workflow and uploads it again with a caption', async () => {
    const id = await connect();
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 250, 251, 252]);
    api.addFile('file-1', 'photos/file_1.png', png);
    await env.host.engine.start({ owner: 'test', recover: true });
    const saved = env.host.engine.workflows.save({
      document: chain('Forward a photo', [
        manualStart(),
        node('telegram.getFile', { fileId: 'file-1' }, { id: 'get', name: 'Get', connection: id }),
        node('telegram.sendFile', { chatId: 4242, kind: 'photo', caption: 'Size {{ $json.file_size }}' }, { id: 'send', name: 'Send', connection: id }),
      ]),
    });
    const { row } = await env.host.engine.run({ workflowId: saved.id });
    await env.host.engine.waitFor(row.id);
    expect(env.host.engine.detail(row.id).status).toBe('succeeded');
    expect(steps(row.id, 'get')[0]!.binary?.data).toMatchObject({ fileName: 'file_1.png' });
    expect(api.uploads).toEqual([{ method: 'sendPhoto', field: 'photo', fileName: 'file_1.png', contentType: 'image/png', bytes: png }]);
    expect(api.sent.at(-1)).toMatchObject({ caption: 'Size 14' });
  });

  it('starts a run per batch of new updates by polling, confirms them, and picks up where it left off after a restart', async () => {
    const id = await connect();
    api.userWrites('written before the workflow existed');
    await env.host.engine.start({ owner: 'test', recover: true, schedules: true });
    const saved = env.host.engine.workflows.save({
      document: chain('Echo', [
        node('telegram.updates', { updates: ['message'], poll: { every: 1, unit: 'seconds' } }, { id: 'updates', name: 'On message', connection: id }),
        node('telegram.sendMessage', { chatId: '{{ $json.message.chat.id }}', text: 'You said: {{ $json.message.text }}' }, { id: 'reply', name: 'Reply', connection: id }),
      ]),
    });
    const texts = () => api.sent.map((message) => message.text);
    await waitUntil(() => (texts().length === 1 ? true : undefined), 10_000, 'the waiting message to be answered');
    expect(texts()).toEqual(['You said: written before the workflow existed']);
    api.userWrites('one');
    api.pressButton('not a message');
    api.userWrites('two');
    await waitUntil(() => (texts().length === 3 ? true : undefined), 10_000, 'two more answers');
    expect(texts().slice(1)).toEqual(['You said: one', 'You said: two']);
    // The reply is out before its run is stored: wait for each run to finish.
    const runs = await Promise.all(env.host.engine.list({ workflowId: saved.id, limit: 10 }).items.map((item) => env.host.engine.waitFor(item.id)));
    expect(runs.map((item) => item.status)).toEqual(runs.map(() => 'succeeded'));
    await waitUntil(() => (api.pending() === 0 ? true : undefined), 5000, 'the updates to be confirmed');

    // A restart goes on from the stored cursor: nothing is answered twice, nothing is lost.
    await env.host.dispose();
    api.userWrites('while closed');
    env = { ...env, host: await openUnlockedHost(env.dataDir, { shell: 'cli', echo: () => {} }) };
    await env.host.engine.start({ owner: 'test', recover: true, schedules: true });
    await waitUntil(() => (texts().length === 4 ? true : undefined), 10_000, 'the message written while closed');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(texts()).toEqual(['You said: written before the workflow existed', 'You said: one', 'You said: two', 'You said: while closed']);

    // Run by hand (no polling in this process), the trigger takes the latest update without confirming it.
    await env.host.dispose();
    api.userWrites('latest');
    env = { ...env, host: await openUnlockedHost(env.dataDir, { shell: 'cli', echo: () => {} }) };
    await env.host.engine.start({ owner: 'test', recover: true });
    const manual = await env.host.engine.run({ workflowId: saved.id });
    await env.host.engine.waitFor(manual.row.id);
    expect(steps(manual.row.id, 'updates').map((item) => (item.json.message as { text: string }).text)).toEqual(['latest']);
    expect(texts().at(-1)).toBe('You said: latest');
    expect(api.pending()).toBe(1);
  });

  it('maps n8n Telegram nodes and triggers', () => {
    const imported = importN8nWorkflow(
      {
        name: 'Bot',
        nodes: [
          { name: 'Telegram Trigger', type: 'n8n-nodes-base.telegramTrigger', typeVersion: 1.1, parameters: { updates: ['message'], additionalFields: {} } },
          {
            name: 'Reply',
            type: 'n8n-nodes-base.telegram',
            typeVersion: 1.2,
            parameters: {
              chatId: '={{ $json.message.chat.id }}',
              text: '=Hi {{ $json.message.from.first_name }}',
              replyMarkup: 'inlineKeyboard',
              inlineKeyboard: { rows: [{ row: { buttons: [{ text: 'Yes', additionalFields: { callback_data: 'yes' } }] } }] },
              additionalFields: { appendAttribution: false, parse_mode: 'HTML' },
            },
          },
          { name: 'Photo', type: 'n8n-nodes-base.telegram', typeVersion: 1.2, parameters: { operation: 'sendPhoto', chatId: '42', binaryData: true, binaryPropertyName: 'image', additionalFields: { caption: 'Look' } } },
        ],
        connections: { 'Telegram Trigger': { main: [[{ node: 'Reply', type: 'main', index: 0 }]] }, Reply: { main: [[{ node: 'Photo', type: 'main', index: 0 }]] } },
      },
      () => undefined,
    );
    expect(imported.unsupported).toEqual([]);
    expect(imported.document.nodes.map(({ type, parameters }) => ({ type, parameters }))).toEqual([
      { type: 'telegram.updates', parameters: { updates: ['message'] } },
      { type: 'telegram.sendMessage', parameters: { chatId: '{{ $json.message.chat.id }}', text: 'Hi {{ $json.message.from.first_name }}', parseMode: 'HTML', replyMarkup: { inline_keyboard: [[{ text: 'Yes', callback_data: 'yes' }]] } } },
      { type: 'telegram.sendFile', parameters: { chatId: '42', kind: 'photo', binaryProperty: 'image', caption: 'Look' } },
    ]);
    expect(imported.notes).toContain('"Photo": Echelon does not append n8n\'s "sent automatically with n8n" line.');
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderRequest } from '../fixtures/llm-provider';
import { startLlmProvider, type LlmProvider } from '../fixtures/llm-provider';
import { PNG_1X1 } from '../fixtures/openai-media';
import type { StandIn } from '../fixtures/stand-in-server';
import { startTelegramApi, type TelegramApi } from '../fixtures/telegram-api';
import { startWikipediaApi } from '../fixtures/wikipedia-api';
import { agentsHost, connectProvider, type AgentsHost } from '../helpers/agents';

const FIXTURES = path.join(import.meta.dirname, '../fixtures/n8n');

let provider: LlmProvider;
let t: AgentsHost;

beforeAll(async () => {
  provider = await startLlmProvider({ models: ['gpt-4o-mini', 'gpt-4o', 'gpt-3.5-turbo'] });
  t = await agentsHost();
  await connectProvider(t, provider, 'openai-compatible', 'OpenAi account');
});
afterAll(async () => {
  await t.host.dispose();
  await provider.close();
});

const importFixture = (name: string) => t.call('workflows.import', { text: fs.readFileSync(path.join(FIXTURES, name), 'utf8') });

async function runWorkflow(id: string, input: unknown) {
  const result = await t.call('workflows.run', { id, input: input as never, wait: true });
  const detail = await t.call('executions.get', { id: result.execution!.id });
  const output = (name: string) => detail.steps.find((step) => step.nodeName === name)?.output.value;
  return { detail, output };
}

describe('n8n LLM chains', () => {
  it('summarize in chunks (map-reduce), extract attributes, classify into outputs and rate sentiment', async () => {
    const imported = await importFixture('ai-text-chains.json');
    expect(imported).toMatchObject({ unsupported: [], problems: [] });
    const mail = 'Ada Lovelace writes: you charged my card 42 euros twice this month.\n\nPlease refund the second charge today, I am furious.';
    provider.setScript((request: ProviderRequest) => {
      const asked = request.task;
      if (asked.startsWith('Summarize this part:')) return { text: asked.includes('refund') ? 'Wants a refund, furious.' : 'Ada was charged 42 twice.' };
      if (asked.startsWith('Combine these summaries:')) return { text: 'Ada Lovelace was charged 42 euros twice and wants a refund.' };
      if (request.system.includes('expert extraction algorithm')) return { text: '{"customer":"Ada Lovelace","amount":42}' };
      if (request.system.includes('classify the text')) return { text: '{"Billing":true,"Support":false}' };
      return { text: '{"sentiment":"Angry","strength":0.8,"confidence":0.9}' };
    });
    const { detail, output } = await runWorkflow(imported.id, { subject: 'Double charge', body: mail });
    expect(detail.status).toBe('succeeded');
    // Chunks of at most 60 characters: one model call per chunk, then one to combine them.
    const mapCalls = provider.requests.filter((request) => request.task.startsWith('Summarize this part:'));
    expect(mapCalls.length).toBeGreaterThanOrEqual(2);
    for (const call of mapCalls) expect(call.task.slice('Summarize this part:\n'.length).length).toBeLessThanOrEqual(60);
    expect(output('Summarization Chain')).toMatchObject({ main: [{ json: { response: { text: 'Ada Lovelace was charged 42 euros twice and wants a refund.' } } }] });
    expect(output('Information Extractor')).toMatchObject({ main: [{ json: { output: { customer: 'Ada Lovelace', amount: 42 } } }] });
    const classifier = provider.requests.find((request) => request.system.includes('classify the text'))!;
    expect(classifier.system).toContain('Billing, Support');
    expect(classifier.system).toContain('If there is not a very fitting category, select none of the categories.');
    expect(output('Text Classifier')).toMatchObject({ '0': [{ json: { output: { customer: 'Ada Lovelace' } } }], '1': [], other: [] });
    expect(output('Sentiment Analysis')).toMatchObject({ '0': [{ json: { sentimentAnalysis: { category: 'Angry', strength: 0.8, confidence: 0.9 } } }], '1': [] });
    expect(detail.steps.some((step) => step.nodeName === 'Other')).toBe(false);

    // No category fits: the item goes to "other".
    provider.setScript((request: ProviderRequest) => (request.system.includes('classify the text') ? { text: '{"Billing":false,"Support":false}' } : request.system.includes('extraction') ? { text: '{"customer":"Bob"}' } : { text: 'A question.' }));
    const second = await runWorkflow(imported.id, { body: 'Where is the manual?' });
    expect(second.output('Text Classifier')).toMatchObject({ '0': [], '1': [], other: [{ json: { output: { customer: 'Bob' } } }] });
    expect(second.detail.steps.some((step) => step.nodeName === 'Other')).toBe(true);
  });
});

describe('n8n agent tools', () => {
  let wikipedia: StandIn;
  let telegram: TelegramApi;
  beforeAll(async () => {
    [wikipedia, telegram] = await Promise.all([startWikipediaApi(), startTelegramApi()]);
    await t.call('integrations.connections.create', { pluginId: 'telegram', name: 'Telegram bot', config: { baseUrl: telegram.url }, auth: { type: 'none' }, secrets: { botToken: telegram.token } });
  });
  afterAll(async () => {
    await Promise.all([wikipedia.close(), telegram.close()]);
  });

  it('gives the agent a calculator, a think tool, Wikipedia, a Code tool (in the sandbox) and a Telegram action whose $fromAI values the model fills in', async () => {
    const imported = await importFixture('ai-agent-tools.json');
    expect(imported).toMatchObject({ unsupported: [], problems: [] });
    const { document } = await t.call('workflows.get', { id: imported.id });
    const agentNode = document.nodes.find((node) => node.type === 'ai-agent.run')!;
    expect(agentNode.parameters).toMatchObject({
      builtinTools: [{ kind: 'calculator', name: 'Calculator' }, { kind: 'think', name: 'Think' }, { kind: 'code', name: 'reverse', description: 'Reverses a text' }],
      httpTools: [{ name: 'wikipedia', url: 'https://en.wikipedia.org/w/api.php', query: { gsrsearch: '{query}' } }],
      actionTools: [{ name: 'Send_Telegram', action: 'telegram.sendMessage', connection: 'Telegram bot', parameters: { chatId: "$fromAI('chatId', 'The chat to write to', 'string')", text: "Report: $fromAI('message', 'What to say')" } }],
    });
    // The stand-in plays Wikipedia: point the tool at it.
    (agentNode.parameters.httpTools as { url: string }[])[0]!.url = `${wikipedia.url}/w/api.php`;
    await t.call('workflows.save', { id: imported.id, document });

    provider.setScript((request: ProviderRequest) => {
      const results = request.messages.filter((message) => message.role === 'tool').flatMap((message) => message.toolResults);
      if (results.length === 0) {
        expect(request.toolSchemas.builtin__Calculator).toMatchObject({ required: ['input'] });
        expect(request.toolSchemas.telegram__Send_Telegram).toMatchObject({ properties: { chatId: { type: 'string', description: 'The chat to write to' }, message: { type: 'string' } }, required: ['chatId', 'message'] });
        return {
          toolCalls: [
            { name: 'builtin__Calculator', arguments: { input: '1815 + 37' } },
            { name: 'builtin__Think', arguments: { thought: 'She died at 36.' } },
            { name: 'http__wikipedia', arguments: { query: 'Lovelace' } },
            { name: 'builtin__reverse', arguments: { query: 'enigne' } },
          ],
        };
      }
      if (results.length === 4) return { toolCalls: [{ name: 'telegram__Send_Telegram', arguments: { chatId: '4242', message: `Ada: ${results[0]!.content}` } }] };
      return { text: `Done: ${results.map((result) => result.content).join(' | ')}` };
    });
    const { detail, output } = await runWorkflow(imported.id, { chatInput: 'Who was Ada Lovelace, and when would she have turned 37?', sessionId: 's1' });
    expect(detail.status).toBe('succeeded');
    const answer = (output('AI Agent') as { main: { json: { output: string } }[] }).main[0]!.json.output;
    expect(answer).toContain('1852');
    expect(answer).toContain('She died at 36.');
    expect(answer).toContain('Analytical Engine');
    expect(answer).toContain('| engine');
    expect(wikipedia.requests.at(-1)!.url.searchParams.get('gsrsearch')).toBe('Lovelace');
    expect(telegram.sent.at(-1)).toMatchObject({ text: 'Report: Ada: 1852', chat: { id: 4242 } });
  });
});

describe('n8n OpenAI nodes', () => {
  it('message a model (JSON), moderate, generate and analyze an image, speak and transcribe, with n8n\'s output shapes', async () => {
    const imported = await importFixture('openai-media.json');
    expect(imported).toMatchObject({ unsupported: [], problems: [] });
    expect(imported.notes.join('\n')).toContain('n8n\'s credential was "OpenAi account"');
    const { document } = await t.call('workflows.get', { id: imported.id });
    const connection = (await t.call('integrations.connections.list', {})).find((entry) => entry.name === 'OpenAi account')!.id;
    for (const node of document.nodes) if (node.type.startsWith('openai-compatible.')) node.connection = connection;
    await t.call('workflows.save', { id: imported.id, document });

    provider.setScript((request: ProviderRequest) => (request.task.startsWith('Write a tagline') ? { text: '{"tagline":"Tea that wakes the poet"}' } : request.task.startsWith('Describe it') ? { text: 'A tiny transparent square.' } : { text: `Short: ${request.task}` }));
    const { detail, output } = await runWorkflow(imported.id, { product: 'Earl Grey' });
    expect(detail.status, JSON.stringify(detail.error)).toBe('succeeded');
    const main = (name: string) => (output(name) as { main: { json: Record<string, unknown>; binary?: Record<string, { mimeType: string }> }[] }).main;
    expect(main('Message a model')[0]!.json).toMatchObject({ index: 0, message: { role: 'assistant', content: { tagline: 'Tea that wakes the poet' } }, finish_reason: 'stop' });
    const tagline = provider.requests.find((request) => request.task.startsWith('Write a tagline'))!;
    expect(tagline.body).toMatchObject({ response_format: { type: 'json_object' }, temperature: 0.4 });
    expect(tagline.system).toBe('You write taglines.');
    expect(main('Moderate')[0]!.json).toEqual({ flagged: false });
    expect(main('Generate an image')[0]!.binary?.data).toMatchObject({ mimeType: 'image/png' });
    expect(main('Analyze image')[0]!.json).toEqual({ content: 'A tiny transparent square.' });
    const vision = provider.requests.find((request) => request.task.startsWith('Describe it'))!;
    expect(JSON.stringify(vision.body)).toContain(`data:image/png;base64,${PNG_1X1}`);
    expect(main('Generate audio')[0]!.binary?.data).toMatchObject({ mimeType: 'audio/mpeg' });
    expect(main('Transcribe a recording')[0]!.json).toEqual({ text: 'ID3A tiny transparent square.' });
    const paths = provider.mediaRequests.map((request) => request.path);
    expect(paths).toEqual(['/v1/moderations', '/v1/images/generations', '/v1/audio/speech', '/v1/audio/transcriptions']);
    const speech = JSON.parse(provider.mediaRequests[2]!.body.toString()) as Record<string, unknown>;
    expect(speech).toMatchObject({ model: 'tts-1', voice: 'nova', input: 'A tiny transparent square.' });
    expect(provider.mediaRequests[3]!.body.toString()).toContain('name="language"\r\n\r\nen');
    expect(main('OpenAI')[0]!.json).toMatchObject({ message: { content: 'Short: Shorten: ID3A tiny transparent square.' } });
    expect(provider.requests.at(-1)!.body).toMatchObject({ max_tokens: 50 });
  });
});

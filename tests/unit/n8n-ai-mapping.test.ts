import { describe, expect, it } from 'vitest';
import { calculate } from '../../electron/main/services/agents/tools/builtin-tools';
import { importN8nWorkflow, type N8nExport, type N8nNode } from '../../electron/main/services/engine/n8n/import-n8n';
import { fillFromAi, fromAiSchema } from '../../shared/agents/from-ai';
import { splitText, summarize } from '../../integrations/ai-text/1.0.0/summarize';

const LC = '@n8n/n8n-nodes-langchain.';

/** A root node fed by sub-nodes through `ai_*` connections, as n8n exports them. */
function rooted(root: Omit<N8nNode, 'name'> & { name?: string }, subs: Array<[kind: string, node: N8nNode]>): ReturnType<typeof importN8nWorkflow> {
  const rootNode = { name: 'Root', ...root } as N8nNode;
  const connections: N8nExport['connections'] = {};
  for (const [kind, node] of subs) connections[node.name] = { [kind]: [[{ node: rootNode.name, type: kind, index: 0 }]] };
  return importN8nWorkflow({ name: 'AI', nodes: [rootNode, ...subs.map(([, node]) => node)], connections }, () => undefined);
}

const model = (type: string, parameters: Record<string, unknown> = {}, credential?: string): N8nNode => ({ name: `Model ${type}`, type: `${LC}${type}`, parameters, ...(credential ? { credentials: { api: { name: credential } } } : {}) });

describe('n8n chat models', () => {
  it('become provider connections named after their credential, each vendor at its OpenAI-compatible base URL', () => {
    const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
      ['lmChatGroq', { model: 'llama-3.1-8b-instant' }, 'llama-3.1-8b-instant', /api\.groq\.com\/openai\/v1/],
      ['lmChatMistralCloud', { model: 'mistral-large-latest' }, 'mistral-large-latest', /api\.mistral\.ai\/v1/],
      ['lmChatDeepSeek', {}, 'deepseek-chat', /api\.deepseek\.com/],
      ['lmChatGoogleGemini', { modelName: 'models/gemini-1.5-pro' }, 'gemini-1.5-pro', /generativelanguage\.googleapis\.com\/v1beta\/openai/],
      ['lmOllama', { model: 'qwen2.5' }, 'qwen2.5', /127\.0\.0\.1:11434\/v1/],
      ['lmChatAnthropic', { model: { __rl: true, value: 'claude-3-7-sonnet-latest' } }, 'claude-3-7-sonnet-latest', /Anthropic, base URL https:\/\/api\.anthropic\.com/],
    ];
    for (const [type, parameters, expected, baseUrl] of cases) {
      const imported = rooted({ type: `${LC}chainLlm`, typeVersion: 1.5, parameters: { promptType: 'define', text: 'Hi' } }, [['ai_languageModel', model(type, parameters, 'My key')]]);
      expect(imported.unsupported, type).toEqual([]);
      expect(imported.document.nodes).toHaveLength(1);
      expect(imported.document.nodes[0]!.parameters).toMatchObject({ provider: 'My key', model: expected });
      expect(imported.notes.join('\n')).toMatch(baseUrl);
    }
  });
});

describe('n8n output parsers', () => {
  it('read an auto-fixing parser through to the structured parser it wraps (its own model folds in too), and an item list as an array', () => {
    const structured: N8nNode = { name: 'Structured', type: `${LC}outputParserStructured`, parameters: { jsonSchemaExample: '{"city":"Lyon","days":3}' } };
    const fixing: N8nNode = { name: 'Fixing', type: `${LC}outputParserAutofixing`, parameters: {} };
    const fixModel = model('lmChatOpenAi');
    const imported = importN8nWorkflow(
      {
        name: 'Parsers',
        nodes: [{ name: 'Chain', type: `${LC}chainLlm`, typeVersion: 1.5, parameters: { promptType: 'define', text: 'Trip?', hasOutputParser: true } }, model('lmChatOpenAi', {}, 'K'), fixing, structured, { ...fixModel, name: 'Fix model' }],
        connections: {
          'Model lmChatOpenAi': { ai_languageModel: [[{ node: 'Chain', type: 'ai_languageModel', index: 0 }]] },
          Fixing: { ai_outputParser: [[{ node: 'Chain', type: 'ai_outputParser', index: 0 }]] },
          Structured: { ai_outputParser: [[{ node: 'Fixing', type: 'ai_outputParser', index: 0 }]] },
          'Fix model': { ai_languageModel: [[{ node: 'Fixing', type: 'ai_languageModel', index: 0 }]] },
        },
      },
      () => undefined,
    );
    expect(imported.unsupported).toEqual([]);
    expect(imported.document.nodes.map((node) => node.name)).toEqual(['Chain']);
    expect(imported.document.nodes[0]!.parameters.outputSchema).toEqual({ type: 'object', properties: { city: { type: 'string' }, days: { type: 'number' } }, required: ['city', 'days'] });

    const list = rooted({ type: `${LC}chainLlm`, typeVersion: 1.5, parameters: { promptType: 'define', text: 'Name fruits', hasOutputParser: true } }, [
      ['ai_languageModel', model('lmChatOpenAi')],
      ['ai_outputParser', { name: 'List', type: `${LC}outputParserItemList`, parameters: { options: { numberOfItems: 3 } } }],
    ]);
    expect(list.document.nodes[0]!.parameters.outputSchema).toEqual({ type: 'array', items: { type: 'string' }, maxItems: 3 });
  });
});

describe('n8n chains and OpenAI nodes', () => {
  it('map the summarization chain\'s versions and prompts, and refuse binary input with what to do', () => {
    const v1 = rooted({ type: `${LC}chainSummarization`, typeVersion: 1, parameters: { type: 'refine', options: { refineQuestionPrompt: 'First: {text}', refinePrompt: 'Better: {existing_answer} {text}' } } }, [['ai_languageModel', model('lmChatOpenAi')]]);
    expect(v1.document.nodes[0]).toMatchObject({ type: 'ai-text.summarize', parameters: { method: 'refine', scope: 'all', prompt: 'First: {text}', refinePrompt: 'Better: {existing_answer} {text}' } });
    const binary = rooted({ type: `${LC}chainSummarization`, typeVersion: 2, parameters: { operationMode: 'nodeInputBinary' } }, [['ai_languageModel', model('lmChatOpenAi')]]);
    expect(binary.unsupported[0]!.remedy).toMatch(/Extract from File/);
  });

  it('map each OpenAI operation onto its API action, and the retired ones onto their successors', () => {
    const one = (type: string, parameters: Record<string, unknown>) => importN8nWorkflow({ name: 'O', nodes: [{ name: 'OpenAI', type, typeVersion: 1, parameters }], connections: {} }, () => undefined);
    expect(one(`${LC}openAi`, { resource: 'audio', operation: 'translate', binaryPropertyName: 'voice' }).document.nodes[0]).toMatchObject({ type: 'openai-compatible.translate', parameters: { binaryProperty: 'voice' } });
    expect(one(`${LC}openAi`, { resource: 'image', operation: 'analyze', imageUrls: 'https://a.test/1.png, https://a.test/2.png' }).document.nodes[0]!.parameters).toMatchObject({ imageUrls: ['https://a.test/1.png', 'https://a.test/2.png'] });
    expect(one('n8n-nodes-base.openAi', { resource: 'image', responseFormat: 'imageUrl', prompt: 'A cat' }).document.nodes[0]).toMatchObject({ type: 'openai-compatible.generateImage', parameters: { returnImageUrls: true, model: 'dall-e-2' } });
    const edit = one('n8n-nodes-base.openAi', { operation: 'edit', instruction: 'Fix the spelling', input: 'Helo' });
    expect(edit.document.nodes[0]).toMatchObject({ type: 'openai-compatible.complete', parameters: { model: 'gpt-3.5-turbo-instruct', prompt: 'Fix the spelling\n\nHelo' } });
    expect(one(`${LC}openAi`, { resource: 'assistant', operation: 'message' }).unsupported[0]!.remedy).toMatch(/Assistants API .* AI agent node/);
  });
});

describe('$fromAI', () => {
  it('makes the tool\'s input schema and takes the model\'s values, typed where the value is only the call', () => {
    const parameters = { to: "{{ $fromAI('email', 'Who to write to') }}", count: "$fromAI('count', '', 'number', 5)", subject: 'Re: $fromAI("topic")' };
    expect(fromAiSchema(parameters)).toEqual({ type: 'object', properties: { email: { type: 'string', description: 'Who to write to' }, count: { type: 'number' }, topic: { type: 'string' } }, required: ['email', 'topic'] });
    expect(fillFromAi(parameters, { email: 'a@b.test', topic: 'Tea', count: 2 })).toEqual({ to: 'a@b.test', count: 2, subject: 'Re: Tea' });
    expect(fillFromAi(parameters, { email: 'a@b.test', topic: 'Tea' })).toMatchObject({ count: 5 });
  });
});

describe('summarization helpers and the calculator', () => {
  it('split text at paragraphs, then words, into chunks no longer than asked, with overlap', async () => {
    const text = 'one two three four five six seven eight nine ten.\n\nEleven twelve thirteen.';
    const chunks = splitText(text, 20, 6);
    expect(chunks.every((chunk) => chunk.length <= 20)).toBe(true);
    expect(chunks.join(' ')).toContain('Eleven twelve');
    expect(chunks[1]!.startsWith('three') || chunks[1]!.startsWith('four')).toBe(true);
    const asked: string[] = [];
    expect(await summarize(['a', 'b'], { method: 'stuff', prompt: 'S: {text}' }, async (prompt) => (asked.push(prompt), 'ok'))).toBe('ok');
    expect(asked).toEqual(['S: a\n\nb']);
  });

  it('evaluates math with math.js and refuses what would reach outside', async () => {
    expect(await calculate('2^10 + sqrt(16)')).toBe('1028');
    await expect(calculate('import({}, {})')).rejects.toThrow(/not available/);
    await expect(calculate('process.exit(1)')).rejects.toThrow();
  });
});

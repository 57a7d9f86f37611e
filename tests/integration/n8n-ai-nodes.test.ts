import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderRequest } from '../fixtures/llm-provider';
import { startLlmProvider, type LlmProvider } from '../fixtures/llm-provider';
import { agentsHost, connectProvider, type AgentsHost } from '../helpers/agents';

const FIXTURES = path.join(import.meta.dirname, '../fixtures/n8n');

let provider: LlmProvider;
let t: AgentsHost;

beforeAll(async () => {
  provider = await startLlmProvider();
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

import fs from 'node:fs';
import type { z } from 'zod';
import { EchelonError } from '../../../shared/contract/errors';
import { expectOk } from '../../../shared/integrations/http-errors';
import type { HttpRequest } from '../../../shared/integrations/http';
import type { ActionContext } from '../../../shared/integrations/plugin-code';
import type { AnalyzeImageParams, CompleteParams, GenerateImageParams, MessageParams, ModerateParams, SpeechParams, TranscribeParams } from './openai-params';

/**
 * OpenAI's REST API as n8n's OpenAI nodes call it, with their output shapes: chat and text
 * completions give one item per choice, image analysis `{ content }`, generated images and
 * speech come back as files, recordings as `{ text }`, moderation `{ flagged }` (simplified)
 * or the whole result.
 */

type Context = ActionContext;
type Json = Record<string, unknown>;

async function post(ctx: Context, path: string, body: HttpRequest['body'], what: string, extra: Partial<HttpRequest> = {}) {
  return expectOk(await ctx.request({ method: 'POST', url: path, body, timeoutMs: 300_000, ...extra }), what);
}

const defined = (values: Json): Json => Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));

/** An item's binary property as a file the action reads, or a clear error naming it. */
function inputFile(ctx: Context, property: string) {
  const ref = ctx.files?.input(property);
  if (!ref || !ctx.files) throw new EchelonError('invalid_input', `The item has no binary data in "${property}": pass a file to this step (from a download, a form or Read Files).`, { path: 'params.binaryProperty' });
  return { ref, bytes: fs.readFileSync(ctx.files.localPath(ref)) };
}

async function writeFile(ctx: Context, property: string, bytes: Uint8Array, mimeType: string, fileName: string) {
  if (!ctx.files) throw new EchelonError('unavailable', 'Files can only be written when a workflow runs this action.');
  const target = ctx.files.create(property, { mimeType, fileName });
  await fs.promises.writeFile(target.path, bytes);
  return target.done();
}

interface Completion {
  choices: Json[];
}

export const openAiActions = {
  async message(params: z.output<typeof MessageParams>, ctx: Context) {
    const body = defined({
      model: params.model,
      messages: params.messages,
      temperature: params.temperature,
      max_tokens: params.maxTokens,
      top_p: params.topP,
      frequency_penalty: params.frequencyPenalty,
      presence_penalty: params.presencePenalty,
      n: params.n,
      response_format: params.jsonOutput ? { type: 'json_object' } : undefined,
    });
    const response = (await post(ctx, 'chat/completions', { type: 'json', value: body }, `The chat completion with ${params.model}`)).body as Completion;
    if (params.jsonOutput) {
      for (const choice of response.choices ?? []) {
        const message = choice.message as Json;
        try {
          message.content = JSON.parse(String(message.content)) as unknown;
        } catch {
          // n8n keeps an answer that is not JSON as text.
        }
      }
    }
    return params.simplify ? response.choices : [response];
  },

  async complete(params: z.output<typeof CompleteParams>, ctx: Context) {
    const body = defined({ model: params.model, prompt: params.prompt, temperature: params.temperature, max_tokens: params.maxTokens });
    const response = (await post(ctx, 'completions', { type: 'json', value: body }, `The completion with ${params.model}`)).body as Completion;
    return params.simplify ? response.choices.map((choice) => ({ ...choice, text: String(choice.text ?? '').trim() })) : [response];
  },

  async analyzeImage(params: z.output<typeof AnalyzeImageParams>, ctx: Context) {
    const images = params.imageUrls.map((url) => url.trim()).filter(Boolean);
    if (images.length === 0) {
      for (const property of params.binaryProperties.length > 0 ? params.binaryProperties : ['data']) {
        const { ref, bytes } = inputFile(ctx, property);
        images.push(`data:${ref.mimeType};base64,${bytes.toString('base64')}`);
      }
    }
    const content = [{ type: 'text', text: params.text }, ...images.map((url) => ({ type: 'image_url', image_url: { url, detail: params.detail } }))];
    const response = (await post(ctx, 'chat/completions', { type: 'json', value: { model: params.model, messages: [{ role: 'user', content }], max_tokens: params.maxTokens } }, `Analyzing the image with ${params.model}`)).body as Completion;
    return params.simplify && response.choices?.[0] ? { content: (response.choices[0].message as Json).content } : response;
  },

  async generateImage(params: z.output<typeof GenerateImageParams>, ctx: Context) {
    // gpt-image-1 always answers in base64 and refuses the parameter.
    const format = params.model === 'gpt-image-1' ? undefined : params.returnImageUrls ? 'url' : 'b64_json';
    const body = defined({ model: params.model, prompt: params.prompt, n: params.n, size: params.size, quality: params.quality, style: params.style, response_format: format });
    const { data } = (await post(ctx, 'images/generations', { type: 'json', value: body }, `Generating the image with ${params.model}`)).body as { data: Json[] };
    if (params.returnImageUrls && format === 'url') return data;
    const out: Json[] = [];
    for (const [index, entry] of data.entries()) {
      const property = index === 0 ? params.binaryProperty : `${params.binaryProperty}_${index}`;
      const ref = await writeFile(ctx, property, Buffer.from(String(entry.b64_json ?? ''), 'base64'), 'image/png', index === 0 ? 'data.png' : `data_${index}.png`);
      out.push({ mimeType: ref.mimeType, fileName: ref.fileName, fileSize: ref.fileSize, ...(entry.revised_prompt ? { revised_prompt: entry.revised_prompt } : {}) });
    }
    // One item carries the files (the engine attaches a step's files to its items).
    return out.slice(0, 1);
  },

  async moderate(params: z.output<typeof ModerateParams>, ctx: Context) {
    const { results } = (await post(ctx, 'moderations', { type: 'json', value: { input: params.input, model: params.model } }, 'The moderation')).body as { results: Json[] };
    const first = results?.[0];
    if (!first) throw new EchelonError('unavailable', 'The moderation answered without a result.');
    return params.simplify ? { flagged: first.flagged } : first;
  },

  transcribe: (params: z.output<typeof TranscribeParams>, ctx: Context) => recording('transcriptions', params, ctx),
  translate: (params: z.output<typeof TranscribeParams>, ctx: Context) => recording('translations', params, ctx),

  async speech(params: z.output<typeof SpeechParams>, ctx: Context) {
    const body = { model: params.model, input: params.input, voice: params.voice, response_format: params.responseFormat, speed: params.speed };
    const response = await post(ctx, 'audio/speech', { type: 'json', value: body }, `Generating audio with ${params.model}`, { responseType: 'bytes', maxResponseBytes: 50 * 1024 * 1024 });
    const mimeType = params.responseFormat === 'mp3' ? 'audio/mpeg' : `audio/${params.responseFormat}`;
    const ref = await writeFile(ctx, params.binaryProperty, response.body as Uint8Array, mimeType, `audio.${params.responseFormat}`);
    return { mimeType: ref.mimeType, fileName: ref.fileName, fileSize: ref.fileSize };
  },
};

async function recording(kind: 'transcriptions' | 'translations', params: z.output<typeof TranscribeParams>, ctx: Context) {
  const { ref, bytes } = inputFile(ctx, params.binaryProperty);
  const fields = defined({ model: params.model, language: kind === 'transcriptions' ? params.language : undefined, temperature: params.temperature === undefined ? undefined : String(params.temperature) });
  const parts = [...Object.entries(fields).map(([name, value]) => ({ name, value: String(value) })), { name: 'file', filename: ref.fileName ?? 'audio', contentType: ref.mimeType, base64: bytes.toString('base64') }];
  return (await post(ctx, `audio/${kind}`, { type: 'multipart', parts }, `The ${kind === 'transcriptions' ? 'transcription' : 'translation'}`)).body as Json;
}

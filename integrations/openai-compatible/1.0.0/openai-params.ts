import { z } from 'zod';

/** Parameters of the OpenAI API actions n8n's OpenAI nodes use, named as there. */

const simplify = z.boolean().default(true).meta({ description: 'Return the essential fields (as n8n\'s "Simplify Output") instead of the whole response.' });
const binaryProperty = (description: string) => z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/).default('data').meta({ description });

export const MessageParams = z.object({
  model: z.string().min(1).max(200),
  messages: z.array(z.object({ role: z.enum(['system', 'user', 'assistant']).default('user'), content: z.string() })).min(1),
  jsonOutput: z.boolean().default(false).meta({ description: 'Ask for a JSON object and parse it into `message.content`.' }),
  simplify,
  temperature: z.number().min(0).max(2).optional(),
  maxTokens: z.number().int().min(1).optional(),
  topP: z.number().min(0).max(1).optional(),
  frequencyPenalty: z.number().min(-2).max(2).optional(),
  presencePenalty: z.number().min(-2).max(2).optional(),
  n: z.number().int().min(1).max(10).optional(),
});

export const CompleteParams = z.object({
  model: z.string().min(1).max(200).default('gpt-3.5-turbo-instruct'),
  prompt: z.string(),
  simplify,
  temperature: z.number().min(0).max(2).optional(),
  maxTokens: z.number().int().min(1).optional(),
});

export const AnalyzeImageParams = z.object({
  model: z.string().min(1).max(200).default('gpt-4o'),
  text: z.string().default('What\'s in this image?'),
  imageUrls: z.array(z.string().min(1)).default([]).meta({ description: 'Image URLs; or leave empty and name binary properties.' }),
  binaryProperties: z.array(z.string().min(1)).default([]),
  detail: z.enum(['auto', 'low', 'high']).default('auto'),
  maxTokens: z.number().int().min(1).default(300),
  simplify,
});

export const GenerateImageParams = z.object({
  model: z.string().min(1).max(200).default('dall-e-3'),
  prompt: z.string().min(1),
  n: z.number().int().min(1).max(10).optional(),
  size: z.string().max(20).optional(),
  quality: z.string().max(20).optional(),
  style: z.string().max(20).optional(),
  returnImageUrls: z.boolean().default(false).meta({ description: 'Return the images\' URLs instead of the files.' }),
  binaryProperty: binaryProperty('Where the image file goes.'),
});

export const ModerateParams = z.object({
  input: z.string(),
  model: z.string().max(200).default('omni-moderation-latest'),
  simplify,
});

export const TranscribeParams = z.object({
  binaryProperty: binaryProperty('The recording to read.'),
  model: z.string().min(1).max(200).default('whisper-1'),
  language: z.string().max(10).optional(),
  temperature: z.number().min(0).max(1).optional(),
});

export const SpeechParams = z.object({
  model: z.string().min(1).max(200).default('tts-1'),
  input: z.string().min(1).max(4096),
  voice: z.string().min(1).max(40).default('alloy'),
  responseFormat: z.enum(['mp3', 'opus', 'aac', 'flac', 'wav', 'pcm']).default('mp3'),
  speed: z.number().min(0.25).max(4).default(1),
  binaryProperty: binaryProperty('Where the audio file goes.'),
});

/** The manifest entries of these actions. */
export const OPENAI_ACTIONS = [
  { id: 'message', name: 'Message a model', description: 'POST /chat/completions; one item per choice (n8n\'s OpenAI node output).', parameters: MessageParams, sideEffects: true, recovery: 'retry', output: 'items' },
  { id: 'complete', name: 'Complete text', description: 'POST /completions (instruct models); one item per choice.', parameters: CompleteParams, sideEffects: true, recovery: 'retry', output: 'items' },
  { id: 'analyzeImage', name: 'Analyze image', description: 'Asks a vision model about images (URLs or the item\'s files).', parameters: AnalyzeImageParams, sideEffects: true, recovery: 'retry' },
  { id: 'generateImage', name: 'Generate image', description: 'POST /images/generations; the image as a file, or its URL.', parameters: GenerateImageParams, sideEffects: true, recovery: 'retry', output: 'items' },
  { id: 'moderate', name: 'Classify text for violations', description: 'POST /moderations.', parameters: ModerateParams, sideEffects: true, recovery: 'retry' },
  { id: 'transcribe', name: 'Transcribe a recording', description: 'POST /audio/transcriptions with the item\'s audio file.', parameters: TranscribeParams, sideEffects: true, recovery: 'retry' },
  { id: 'translate', name: 'Translate a recording', description: 'POST /audio/translations: the recording\'s speech in English.', parameters: TranscribeParams, sideEffects: true, recovery: 'retry' },
  { id: 'speech', name: 'Generate audio', description: 'POST /audio/speech; the audio as a file.', parameters: SpeechParams, sideEffects: true, recovery: 'retry' },
] as const;

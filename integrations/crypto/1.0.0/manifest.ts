import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';

const HashType = z.enum(['MD5', 'SHA1', 'SHA256', 'SHA384', 'SHA512', 'SHA3-256', 'SHA3-384', 'SHA3-512']);
/** Where the result goes on the item (a dot path). */
const dataPropertyName = z.string().min(1).default('data');

export const HashParameters = z.object({
  type: HashType.default('MD5'),
  value: z.string().default(''),
  /** Hash a binary property's bytes instead of `value`. */
  binaryData: z.boolean().default(false),
  binaryPropertyName: z.string().default('data'),
  encoding: z.enum(['hex', 'base64']).default('hex'),
  dataPropertyName,
});

export const HmacParameters = z.object({
  type: HashType.default('MD5'),
  value: z.string().default(''),
  binaryData: z.boolean().default(false),
  binaryPropertyName: z.string().default('data'),
  secret: z.string().default(''),
  encoding: z.enum(['hex', 'base64']).default('hex'),
  dataPropertyName,
});

export const SignParameters = z.object({
  value: z.string().default(''),
  /** A Node signing algorithm name (RSA-SHA256, sha256, ...). */
  algorithm: z.string().min(1).default('RSA-SHA256'),
  privateKey: z.string().default(''),
  encoding: z.enum(['hex', 'base64']).default('hex'),
  dataPropertyName,
});

export const GenerateParameters = z.object({
  encodingType: z.enum(['ascii', 'base64', 'hex', 'uuid']).default('uuid'),
  stringLength: z.number().int().min(1).max(100_000).default(32),
  dataPropertyName,
});

export default definePlugin({
  id: 'crypto',
  name: 'Crypto',
  version: '1.0.0',
  description: 'Hashes, signs with HMAC or a private key, and generates random strings and UUIDs, per item (n8n Crypto).',
  category: 'Data',
  icon: 'lock',
  type: 'core',
  auth: [{ type: 'none' }],
  actions: [
    { id: 'hash', name: 'Hash', description: 'Writes the hash of a value (or a file) into a field.', parameters: HashParameters, sideEffects: false },
    { id: 'hmac', name: 'HMAC', description: 'Writes the HMAC of a value (or a file) with a secret into a field.', parameters: HmacParameters, sideEffects: false },
    { id: 'sign', name: 'Sign', description: 'Writes the signature of a value with a PEM private key into a field.', parameters: SignParameters, sideEffects: false },
    { id: 'generate', name: 'Generate', description: 'Writes a random string or a UUID into a field.', parameters: GenerateParameters, sideEffects: false },
  ],
  triggers: [],
});

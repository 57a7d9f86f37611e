import { z } from 'zod';
import { AgentDefinition, EchelonError, ProviderKind, SecretTemplate, validationError, type Connection } from '../../../../../shared/contract';
import { stableStringify } from '../../../../../shared/workflow/serialize';

/** Marks an exported agent, and its format's version. */
export const PORTABLE_FORMAT = 1;

/** The inline provider of a portable definition, model included (as `echelon agent import` takes it). */
const InlineProvider = z
  .object({
    kind: ProviderKind,
    baseUrl: z.url({ protocol: /^https?$/ }),
    model: z.string().trim().min(1).max(200).optional(),
    apiKey: z.string().max(300).optional(),
  })
  .strict();

const PortableProvider = z.union([z.string().trim().min(1).max(80), InlineProvider]);

/**
 * An agent as a file people can diff and share: the provider by connection name (ids differ
 * between machines) or inline with a vault reference for its key, keys sorted.
 */
export function exportAgent(definition: AgentDefinition, connectionName: (id: string) => string | undefined): string {
  const { provider, ...rest } = definition;
  const portable: Record<string, unknown> = { echelonAgent: PORTABLE_FORMAT, ...rest };
  if ('connection' in provider) portable.provider = connectionName(provider.connection) ?? provider.connection;
  else {
    portable.provider = { kind: provider.kind, baseUrl: provider.baseUrl, model: definition.model, ...(provider.apiKey ? { apiKey: provider.apiKey } : {}) };
  }
  return `${stableStringify(portable, 2)}\n`;
}

/** Reads an exported agent; a literal key is refused (it belongs in the vault), an unknown connection named. */
export function importAgent(text: string, connection: (ref: string) => Connection | undefined): AgentDefinition {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new EchelonError('invalid_input', `The agent file is not JSON: ${(error as Error).message}`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new EchelonError('invalid_input', 'An agent file is a JSON object with a name, a provider and a model.');
  const { echelonAgent: _format, provider: rawProvider, ...rest } = json as Record<string, unknown>;
  const provider = PortableProvider.safeParse(rawProvider);
  if (!provider.success) throw validationError(provider.error, 'provider (a connection name, or { kind, baseUrl, model, apiKey })');
  let definition: Record<string, unknown>;
  if (typeof provider.data === 'string') {
    const found = connection(provider.data);
    if (!found) throw new EchelonError('not_found', `No connection named "${provider.data}": create it on the Integrations page (OpenAI-compatible or Anthropic), or give the provider inline.`, { path: 'provider' });
    definition = { ...rest, provider: { connection: found.id } };
  } else {
    const { model, apiKey, ...endpoint } = provider.data;
    if (apiKey !== undefined && !SecretTemplate.safeParse(apiKey).success) {
      throw new EchelonError('invalid_input', 'The apiKey must be a vault reference such as "{{ secrets.OPENAI_API_KEY }}", never the key itself: store it with `echelon vault set OPENAI_API_KEY`.', { path: 'provider.apiKey' });
    }
    definition = { ...rest, model: rest.model ?? model, provider: { ...endpoint, ...(apiKey ? { apiKey } : {}) } };
  }
  const parsed = AgentDefinition.safeParse(definition);
  if (!parsed.success) throw validationError(parsed.error, 'agent definition');
  return parsed.data;
}

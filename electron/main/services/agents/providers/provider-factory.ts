import type { EmbeddingModel, LanguageModel } from 'ai';
import { EchelonError, type Connection, type ProviderKind, type ProviderRef } from '../../../../../shared/contract';
import { errorDetail } from '../../../../../shared/integrations/http-errors';
import { findSecretRefs } from '../../../../../shared/secrets/secret-ref';
import type { FetchFunction } from '../../integrations/http/connection-fetch';
import type { Redactor } from '../../redaction/redactor';
import type { SecretSource } from '../../secrets/secret-source';

// The SDK prints model warnings to the console; Echelon reports what matters itself.
(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

/** The integrations that can serve as an agent's provider, by plugin id. */
const PROVIDER_PLUGINS: Record<string, ProviderKind> = { 'openai-compatible': 'openai-compatible', anthropic: 'anthropic' };
const DEFAULT_BASE_URL: Record<ProviderKind, string> = { 'openai-compatible': 'http://127.0.0.1:11434/v1', anthropic: 'https://api.anthropic.com/v1' };
const ANTHROPIC_VERSION = '2023-06-01';
const LIST_TIMEOUT_MS = 15_000;
/** Models kept for reuse: building one compiles the SDK's stream schemas, a few ms of CPU per task otherwise. */
const MAX_CACHED_MODELS = 64;

/** The provider packages, loaded on first use and kept. */
let anthropicModule: Promise<typeof import('@ai-sdk/anthropic')> | undefined;
let openAiModule: Promise<typeof import('@ai-sdk/openai-compatible')> | undefined;

export interface ResolvedProvider {
  kind: ProviderKind;
  baseUrl: string;
  /** The connection's name, or the endpoint's host. */
  label: string;
  /** Served from this machine (Ollama, llama.cpp): it costs nothing. */
  local: boolean;
  fetch: FetchFunction;
}

export interface ProviderDeps {
  /** A connection by id or name. */
  connection(ref: string): Connection | undefined;
  fetchFor(connectionId: string): FetchFunction;
  secrets: SecretSource;
  redactor: Redactor;
}

function isLoopback(url: URL): boolean {
  return ['127.0.0.1', 'localhost', '[::1]', '::1'].includes(url.hostname) || url.hostname.endsWith('.localhost');
}

/**
 * Turns an agent's provider (a connection, or an inline endpoint with a vault reference) into
 * an AI SDK model whose requests carry the key from the vault, read at the moment of each call.
 * The key is never part of the model object, a definition, a log line or an error.
 */
export class ProviderFactory {
  private readonly registered = new Map<string, string>();
  private readonly models = new Map<string, { model: LanguageModel; provider: ResolvedProvider }>();

  constructor(private readonly deps: ProviderDeps) {}

  resolve(ref: ProviderRef, owner: string): ResolvedProvider {
    if ('connection' in ref) {
      const connection = this.deps.connection(ref.connection);
      if (!connection) throw new EchelonError('not_found', `No connection "${ref.connection}": create an OpenAI-compatible or Anthropic connection on the Integrations page.`, { path: 'provider.connection' });
      const kind = PROVIDER_PLUGINS[connection.pluginId];
      if (!kind) throw new EchelonError('invalid_input', `Connection "${connection.name}" is a ${connection.pluginId} connection: an agent needs an OpenAI-compatible or Anthropic one.`, { path: 'provider.connection' });
      const baseUrl = typeof connection.config.baseUrl === 'string' ? connection.config.baseUrl : DEFAULT_BASE_URL[kind];
      return { kind, baseUrl, label: connection.name, local: isLoopback(new URL(baseUrl)), fetch: this.deps.fetchFor(connection.id) };
    }
    const url = new URL(ref.baseUrl);
    return { kind: ref.kind, baseUrl: ref.baseUrl, label: url.host, local: isLoopback(url), fetch: this.keyedFetch(ref, url, owner) };
  }

  /** An inline endpoint: its key (a vault reference) is read and attached per request, to its own origin only. */
  private keyedFetch(ref: Extract<ProviderRef, { kind: string }>, base: URL, owner: string): FetchFunction {
    return async (input, init = {}) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (url.origin !== base.origin) throw new EchelonError('forbidden', `The provider's key is sent to ${base.origin} only, not to ${url.origin}.`);
      const headers = new Headers(init.headers);
      const secret = ref.apiKey ? findSecretRefs(ref.apiKey)[0] : undefined;
      if (secret) {
        const key = this.deps.secrets.reveal(secret.name, secret.field, { kind: 'integration', id: `agent:${owner}` });
        this.redactKey(`agent:${owner}:key`, key);
        if (ref.kind === 'anthropic') headers.set('x-api-key', key);
        else headers.set('authorization', `Bearer ${key}`);
      } else if (ref.kind === 'anthropic') headers.delete('x-api-key');
      return fetch(url, { ...init, headers, redirect: 'error' });
    };
  }

  /** The redactor recompiles on each new value, so a key is registered when it changes only. */
  private redactKey(label: string, key: string): void {
    if (this.registered.get(label) === key) return;
    this.registered.set(label, key);
    this.deps.redactor.set(label, key);
  }

  /** The provider packages load on first use, so CLI commands that run no agent do not pay for them. */
  async model(ref: ProviderRef, modelId: string, owner: string): Promise<{ model: LanguageModel; provider: ResolvedProvider }> {
    // A connection's edit changes its `updatedAt`, so an edited connection gets a fresh model.
    const connection = 'connection' in ref ? this.deps.connection(ref.connection) : undefined;
    const key = JSON.stringify([connection ? [connection.id, connection.updatedAt] : ref, modelId, owner]);
    const cached = this.models.get(key);
    if (cached) return cached;
    const built = await this.buildModel(ref, modelId, owner);
    if (this.models.size >= MAX_CACHED_MODELS) this.models.delete(this.models.keys().next().value!);
    this.models.set(key, built);
    return built;
  }

  private async buildModel(ref: ProviderRef, modelId: string, owner: string): Promise<{ model: LanguageModel; provider: ResolvedProvider }> {
    const provider = this.resolve(ref, owner);
    if (provider.kind === 'anthropic') {
      const { createAnthropic } = await (anthropicModule ??= import('@ai-sdk/anthropic'));
      // The real key is put on each request by the fetch; the SDK only needs a value to send.
      return { model: createAnthropic({ baseURL: provider.baseUrl, apiKey: 'from-echelon-vault', fetch: provider.fetch }).messages(modelId), provider };
    }
    const { createOpenAICompatible } = await (openAiModule ??= import('@ai-sdk/openai-compatible'));
    return { model: createOpenAICompatible({ name: 'echelon', baseURL: provider.baseUrl, includeUsage: true, fetch: provider.fetch }).chatModel(modelId), provider };
  }

  /** An embedding model of an OpenAI-compatible provider (Anthropic has none). */
  async embeddingModel(ref: ProviderRef, modelId: string, owner: string): Promise<EmbeddingModel> {
    const provider = this.resolve(ref, owner);
    if (provider.kind !== 'openai-compatible') throw new EchelonError('invalid_input', `${provider.label} is an Anthropic provider, which has no embedding models: use an OpenAI-compatible one (OpenAI, Gemini, Mistral, Ollama).`, { path: 'embeddings.provider' });
    const { createOpenAICompatible } = await (openAiModule ??= import('@ai-sdk/openai-compatible'));
    return createOpenAICompatible({ name: 'echelon', baseURL: provider.baseUrl, fetch: provider.fetch }).embeddingModel(modelId);
  }

  /** The models the provider lists; errors say what to check. */
  async listModels(ref: ProviderRef, owner: string, signal?: AbortSignal): Promise<string[]> {
    const provider = this.resolve(ref, owner);
    const url = `${provider.baseUrl.replace(/\/+$/, '')}/models`;
    const timeout = AbortSignal.timeout(LIST_TIMEOUT_MS);
    let response: Response;
    try {
      response = await provider.fetch(url, {
        method: 'GET',
        headers: provider.kind === 'anthropic' ? { 'anthropic-version': ANTHROPIC_VERSION, 'x-api-key': 'from-echelon-vault' } : {},
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (error) {
      if (error instanceof EchelonError) throw error;
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const reason = timeout.aborted
        ? `no answer within ${LIST_TIMEOUT_MS / 1000} s`
        : cause?.code === 'ECONNREFUSED'
          ? 'the connection was refused (is it running?)'
          : cause?.code === 'ENOTFOUND'
            ? 'the host name does not resolve'
            : (cause?.message ?? (error as Error).message);
      throw new EchelonError('unavailable', `Could not reach ${provider.label}: ${reason}.`);
    }
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON: the detail below quotes the text.
    }
    if (!response.ok) {
      const hint = response.status === 401 || response.status === 403 ? ' Check the key stored for this provider.' : '';
      throw new EchelonError(response.status === 401 || response.status === 403 ? 'forbidden' : 'unavailable', `${provider.label} answered HTTP ${response.status}${errorDetail(body) ? `: ${errorDetail(body)}` : ''}.${hint}`);
    }
    const data = (body as { data?: { id?: unknown }[] } | null)?.data;
    if (!Array.isArray(data)) throw new EchelonError('unavailable', `${provider.label} did not answer /models with a model list: is ${provider.baseUrl} the API's base URL?`);
    return data.map((model) => String(model.id)).filter(Boolean);
  }
}

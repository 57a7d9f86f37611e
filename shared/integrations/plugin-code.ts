import type { ActionFiles } from './action-files';
import type { HttpRequest, HttpResponse } from './http';
import type { SshSession, SshSessionOptions } from './ssh';

/** What an action's code may use: the connection it runs on and an HTTP client that applies its auth. */
export interface ActionContext<Config = Record<string, unknown>> {
  connection: { id: string; name: string; config: Config } | undefined;
  /** Sends through the integrations layer: auth, rate limit, cache, Idempotency-Key. */
  request(request: HttpRequest): Promise<HttpResponse>;
  /** A connection secret slot (`manifest.connectionSecrets`), read from the vault at the moment of use. */
  secret(slot: string): string;
  signal: AbortSignal;
  idempotencyKey?: string;
  /** An SSH session on the connection (host key verified, authenticated with its key or password). */
  ssh?(options?: SshSessionOptions): Promise<SshSession>;
  /** The step's binary data as files; only when a workflow runs the action. */
  files?: ActionFiles;
}

export type ActionHandler<Params = never, Output = unknown, Config = never> = (params: Params, ctx: ActionContext<Config>) => Promise<Output>;

/** The default export of `integrations/<id>/<version>/plugin.ts`: one handler per declared action. */
export interface IntegrationCode {
  /** Each handler narrows its own parameters (already validated against the manifest's schema) and config. */
  actions: Record<string, ActionHandler<never, unknown, never>>;
}

export function defineIntegrationCode<T extends IntegrationCode>(code: T): T {
  return code;
}

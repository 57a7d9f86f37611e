import type { ActionFiles } from './action-files';
import type { HttpRequest, HttpResponse } from './http';
import type { SshSession, SshSessionOptions } from './ssh';
import type { PollRequest, PollResult, WebhookDelivery, WebhookHook } from './service-triggers';

/** What an action's code may use: the connection it runs on and an HTTP client that applies its auth. */
export interface ActionContext<Config = Record<string, unknown>> {
  /** `authType`: how the connection signs in (`basic`, `none`...), for protocols that sign in themselves. */
  connection: { id: string; name: string; config: Config; authType: string } | undefined;
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
  /** The connection's username and password (basic auth), read from the vault now: for protocols other than HTTP (PostgreSQL, SMTP, IMAP). */
  login(): { username: string; password: string };
  /**
   * A resource kept for the connection across calls (a database pool, a mail transport): opened
   * on first use, closed once idle, when the connection's settings or credentials change, and at
   * shutdown.
   */
  keep<T>(name: string, open: () => Promise<T> | T, close: (value: T) => Promise<void> | void): Promise<T>;
}

export type ActionHandler<Params = never, Output = unknown, Config = never> = (params: Params, ctx: ActionContext<Config>) => Promise<Output>;

/** The code of one trigger of an API integration: a poll, or a webhook it registers and receives. */
export interface TriggerHandlers<Params = never, Config = never> {
  poll?(params: Params, ctx: ActionContext<Config>, request: PollRequest): Promise<PollResult>;
  /** Registers `hook.url` with the service (Telegram's setWebhook). */
  subscribe?(params: Params, ctx: ActionContext<Config>, hook: WebhookHook): Promise<void>;
  unsubscribe?(params: Params, ctx: ActionContext<Config>, hook: Omit<WebhookHook, 'url'>): Promise<void>;
  /** Checks a delivery came from the service and turns it into items; throws `forbidden` to refuse it. */
  receive?(params: Params, ctx: ActionContext<Config>, delivery: WebhookDelivery & { hook: Omit<WebhookHook, 'url'> }): Promise<Record<string, unknown>[]>;
}

/** The default export of `integrations/<id>/<version>/plugin.ts`: one handler per declared action. */
export interface IntegrationCode {
  /** Each handler narrows its own parameters (already validated against the manifest's schema) and config. */
  actions: Record<string, ActionHandler<never, unknown, never>>;
  triggers?: Record<string, TriggerHandlers<never, never>>;
}

export function defineIntegrationCode<T extends IntegrationCode>(code: T): T {
  return code;
}

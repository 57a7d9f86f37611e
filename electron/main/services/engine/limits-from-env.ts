import type { ExpressionLimits } from './expressions/budget';
import type { WebhookLimits } from './webhooks/webhook-server';

/** Bounds a person may change without a rebuild, read from the environment (see README, "Limits and safety"). */
export interface EngineLimits {
  expressions: Partial<ExpressionLimits>;
  webhooks: Partial<WebhookLimits>;
}

function positive(env: NodeJS.ProcessEnv, name: string, scale = 1): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number (it is "${raw}").`);
  return Math.round(value * scale);
}

/** Only what is set: the rest keeps its default. */
function defined<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}

export function limitsFromEnv(env: NodeJS.ProcessEnv = process.env): EngineLimits {
  return {
    expressions: defined({
      maxSteps: positive(env, 'ECHELON_EXPRESSION_MAX_STEPS'),
      maxMs: positive(env, 'ECHELON_EXPRESSION_MAX_MS'),
      maxStringLength: positive(env, 'ECHELON_EXPRESSION_MAX_STRING'),
      maxArrayLength: positive(env, 'ECHELON_EXPRESSION_MAX_ARRAY'),
      maxAllocation: positive(env, 'ECHELON_EXPRESSION_MAX_ALLOCATION'),
    }),
    webhooks: defined({ maxBodyBytes: positive(env, 'ECHELON_WEBHOOK_MAX_BODY_MB', 1024 * 1024) }),
  };
}

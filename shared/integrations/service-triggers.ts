import { z } from 'zod';

/**
 * What the triggers of API integrations share: how often a polling trigger asks its service
 * for news, and what it and the webhook it may register exchange with the engine.
 */

/** Every `every` `unit`, or at the times of a cron rule; each trigger's `poll` parameter. */
export const PollSchedule = z
  .object({
    every: z.number().int().min(1).default(1),
    unit: z.enum(['seconds', 'minutes', 'hours', 'days']).default('minutes'),
    cron: z.string().min(1).optional().meta({ description: 'Overrides the interval, e.g. "0 */15 * * * *".' }),
    timezone: z.string().min(1).optional(),
  })
  .meta({ title: 'Check every' });
export type PollSchedule = z.output<typeof PollSchedule>;

export const DEFAULT_POLL: PollSchedule = { every: 1, unit: 'minutes' };

/** A poll: what the trigger saw last time (undefined at first), and whether a person asked for a sample. */
export interface PollRequest {
  cursor: unknown;
  /** A run started by hand: the latest event(s), whatever the cursor. */
  sample: boolean;
}

export interface PollResult {
  /** New events since the cursor, oldest first, each one item of the run; binary data (base64) under `$binary`, by property, becomes the item's files. */
  items: Record<string, unknown>[];
  /** Where the next poll starts; kept in the database once the run is. */
  cursor: unknown;
}

/** A request to a trigger's webhook, as the webhook listener received it. */
export interface WebhookDelivery {
  headers: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
}

/** A webhook the trigger registers with its service: the public URL, and a stable id to derive a check value from. */
export interface WebhookHook {
  url: string;
  id: string;
}

/** What a trigger of an API integration is asked to do. */
export type TriggerEvent =
  | ({ type: 'poll' } & PollRequest)
  | ({ type: 'subscribe' } & WebhookHook)
  | ({ type: 'unsubscribe' } & Omit<WebhookHook, 'url'>)
  | ({ type: 'receive'; hook: Omit<WebhookHook, 'url'> } & WebhookDelivery);

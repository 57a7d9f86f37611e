import { z } from 'zod';
import { ApiError } from '../contract/errors';

/** Frames of the WebSocket bridge that `echelon serve` speaks. */
export const ClientFrame = z.object({
  type: z.literal('invoke'),
  id: z.number().int().nonnegative(),
  method: z.string(),
  input: z.unknown(),
  /** The CLI says so, for the call journal; anything else connected with the token is the UI. */
  caller: z.enum(['renderer', 'cli']).optional(),
});
export type ClientFrame = z.infer<typeof ClientFrame>;

const ResultValue = z.union([
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: ApiError }),
]);

export const ServerFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('result'), id: z.number().int(), result: ResultValue }),
  z.object({ type: z.literal('event'), name: z.string(), payload: z.unknown() }),
  /** A frame that could not be read at all: no id to answer to. */
  z.object({ type: z.literal('protocol-error'), error: ApiError }),
]);
export type ServerFrame = z.infer<typeof ServerFrame>;

export const WS_PATH = '/api/ws';

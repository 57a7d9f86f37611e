import type { z } from 'zod';

/**
 * One API method: its input and output schemas, and the tables it reads so the
 * renderer can refresh exactly the queries a write made stale.
 */
export interface MethodDefinition<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  description: string;
  reads?: readonly string[];
}

export function method<I extends z.ZodType, O extends z.ZodType>(definition: MethodDefinition<I, O>): MethodDefinition<I, O> {
  return definition;
}

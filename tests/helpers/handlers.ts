import { contract } from '../../shared/contract';
import type { Handlers } from '../../shared/rpc/router';

/** A handler for every contract method that fails if called: tests spread it, then define the few they use. */
export function unusedHandlers(): Handlers {
  const entries = Object.keys(contract).map((method) => [
    method,
    () => {
      throw new Error(`${method} is not used by this test`);
    },
  ]);
  return Object.fromEntries(entries) as unknown as Handlers;
}

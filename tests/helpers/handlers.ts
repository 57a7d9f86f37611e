import { contract } from '../../shared/contract';
import type { Handlers } from '../../shared/rpc/router';

/** A handler for every contract method that fails if called: tests override the few they use. */
export function unusedHandlers(): Handlers {
  return Object.fromEntries(
    Object.keys(contract).map((method) => [
      method,
      () => {
        throw new Error(`${method} is not used by this test`);
      },
    ]),
  ) as unknown as Handlers;
}

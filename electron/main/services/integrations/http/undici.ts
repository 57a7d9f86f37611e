import type * as Undici from 'undici';

let loaded: typeof Undici | undefined;

/** undici, loaded by the first request: most CLI commands send none, and loading it costs each ~0.2 s of CPU. */
export async function loadUndici(): Promise<typeof Undici> {
  return (loaded ??= await import('undici'));
}

/** undici on the synchronous paths below a request's `await loadUndici()`. */
export function undici(): typeof Undici {
  if (!loaded) throw new Error('undici is used before loadUndici() resolved');
  return loaded;
}

/**
 * supabase-js, loaded only once team sync is set up: a person working solo never pays for it.
 * Its import warns that Node 20 is deprecated; Echelon runs it on Electron's newer Node, and
 * headless on Node 20 with `ws` as Realtime's transport (what it supports), so that one line is
 * kept out of the CLI's and serve's stderr.
 */
let loaded: Promise<typeof import('@supabase/supabase-js')> | undefined;

export function loadSupabase(): Promise<typeof import('@supabase/supabase-js')> {
  loaded ??= (async () => {
    const warn = console.warn;
    console.warn = (...args: unknown[]) => {
      if (typeof args[0] === 'string' && args[0].includes('Node.js 20 and below are deprecated')) return;
      warn(...args);
    };
    try {
      return await import('@supabase/supabase-js');
    } finally {
      console.warn = warn;
    }
  })();
  return loaded;
}

import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import pkg from './package.json' with { type: 'json' };

const external = [...builtinModules, ...builtinModules.map((name) => `node:${name}`), ...Object.keys(pkg.dependencies)];

/** The headless shell (`echelon` CLI, `echelon serve`) for the Node that runs it, not Electron's. */
export default defineConfig({
  build: {
    ssr: true,
    target: 'node20',
    outDir: 'out/headless',
    emptyOutDir: true,
    sourcemap: true,
    rollupOptions: {
      // The code sandbox's worker thread is its own entry, beside the CLI.
      input: { cli: resolve(import.meta.dirname, 'electron/headless/cli.ts'), 'sandbox-worker': resolve(import.meta.dirname, 'electron/main/services/engine/code/sandbox-worker.mjs') },
      external: (id) => external.some((name) => id === name || id.startsWith(`${name}/`)),
      // Chunks sit beside the entry, so paths a module resolves from its own URL (the sandbox worker,
      // the renderer) hold wherever the bundler put that module.
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
    },
  },
});

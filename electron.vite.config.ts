import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: {
    // Native and Node-only packages (better-sqlite3 first of all) stay outside the bundle.
    build: {
      externalizeDeps: true,
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'electron/main/app/index.ts'),
          // The code sandbox's worker thread, loaded from beside the main bundle.
          'sandbox-worker': resolve(import.meta.dirname, 'electron/main/services/engine/code/sandbox-worker.mjs'),
          // The OpenTelemetry exporter's thread, loaded from beside the main bundle.
          'trace-export-worker': resolve(import.meta.dirname, 'electron/main/services/telemetry/tracing/export-worker.mjs'),
        },
      },
    },
  },
  preload: {
    // A sandboxed preload must be a single CommonJS file with nothing to require.
    build: {
      externalizeDeps: false,
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      minify: true,
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'renderer/index.html') } },
    },
  },
});

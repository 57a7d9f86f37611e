import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts', 'electron/**/*.test.ts', 'shared/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Skipped tests are listed with their reasons after the run.
    reporters: ['default', './tests/helpers/skip-reporter.ts'],
    // Two cores: integration tests spawn servers and child processes of their own.
    maxWorkers: 2,
  },
});

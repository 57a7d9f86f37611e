import fs from 'node:fs';
import { defineConfig } from '@playwright/test';

/** Debian's Chromium: Playwright's own browser download is not possible on these machines. */
const chromium = process.env.CHROMIUM_PATH ?? (fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export default defineConfig({
  testDir: 'tests',
  outputDir: 'test-results/artifacts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  // Skipped tests are listed with their reasons after the run.
  reporter: [['list'], ['./tests/helpers/playwright-skip-reporter.ts']],
  use: {
    launchOptions: {
      executablePath: chromium,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
    viewport: { width: 1360, height: 860 },
    trace: 'retain-on-failure',
  },
  projects: [
    { name: 'browser', testMatch: 'e2e/**/*.spec.ts' },
    { name: 'electron', testMatch: 'electron/**/*.spec.ts' },
  ],
});

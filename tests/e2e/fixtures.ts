import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { startServe, type ServeProcess } from '../helpers/cli';

export const SCREENSHOTS = path.join(process.cwd(), 'test-results', 'screenshots');

interface Fixtures {
  /** The app loaded in the browser, with the status and preferences fetched. */
  app: Page;
  /** Console errors and uncaught exceptions seen during the test (a CSP violation shows here). */
  pageErrors: string[];
}

export const test = base.extend<Fixtures, { server: ServeProcess & { dataDir: string } }>({
  server: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'echelon-e2e-'));
      const server = await startServe(dataDir);
      await use(Object.assign(server, { dataDir }));
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
  pageErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await use(errors);
  },
  app: async ({ page, server, pageErrors }, use) => {
    void pageErrors;
    await page.goto(server.url);
    await expect(page.locator('[data-app-state="loaded"]')).toBeVisible();
    await use(page);
  },
});

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

export { expect };

/** The sizes every page is looked at in: a laptop and a small window. */
export const SCREEN_SIZES = [
  { name: '1400x900', width: 1400, height: 900 },
  { name: '1024x700', width: 1024, height: 700 },
] as const;

/**
 * Screenshots of the page as it is, in both themes at both sizes
 * (`<theme>-<name>-<size>.png`), leaving the page in light at its first size.
 */
export async function screenshotAll(page: Page, name: string): Promise<void> {
  const original = page.viewportSize();
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    for (const size of SCREEN_SIZES) {
      await page.setViewportSize({ width: size.width, height: size.height });
      // Layout and charts settle after a resize.
      await page.waitForTimeout(150);
      fs.mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SCREENSHOTS, `${theme}-${name}-${size.name}.png`), fullPage: true });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  if (original) await page.setViewportSize(original);
}

/**
 * Page-side code given as source (the tests are type-checked without the DOM's types): a
 * function body that sees `element` when given to `locator.evaluate`, and returns a value.
 */
export function inPage<T>(body: string): (element: unknown) => T {
  // A string given to evaluate is not called with the element: it must be a function object.
  // eslint-disable-next-line no-new-func
  return new Function('element', body) as (element: unknown) => T;
}

/** The element with this test id lies wholly within the canvas's box. */
export async function onScreen(page: Page, testId: string): Promise<boolean> {
  const canvas = (await page.getByTestId('workflow-canvas').boundingBox())!;
  const box = await page.getByTestId(testId).boundingBox();
  return box !== null && box.x >= canvas.x - 1 && box.y >= canvas.y - 1 && box.x + box.width <= canvas.x + canvas.width + 1 && box.y + box.height <= canvas.y + canvas.height + 1;
}

import { defineConfig } from '@playwright/test';
import base from './playwright.config';

/** Pictures for the documentation, made on demand (`npm run docs:screenshot`), never by `npm test`. */
export default defineConfig({ ...base, projects: [{ name: 'docs', testMatch: 'docs/**/*.spec.ts' }] });

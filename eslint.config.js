import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const electronOnlyInShell = {
  paths: [{ name: 'electron', message: 'Only the Electron shell (electron/main/app, electron/preload) may import electron: keep services pure.' }],
};

const notHeadless = { group: ['**/headless/**'], message: 'electron/main does not import from electron/headless: move what both shells need below them.' };

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-restricted-imports': ['error', electronOnlyInShell],
      // User input runs only in the sandbox: never eval-like code.
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    files: ['electron/main/app/**', 'electron/preload/**', 'tests/electron/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // What both shells need lives below both (electron/main/serve, services): main never reaches into headless.
    files: ['electron/main/**'],
    rules: { 'no-restricted-imports': ['error', { ...electronOnlyInShell, patterns: [notHeadless] }] },
  },
  {
    files: ['electron/main/app/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [notHeadless] }] },
  },
  {
    // One way out to the browser, which allows http and https only.
    files: ['electron/**/*.ts'],
    ignores: ['electron/main/app/external-browser.ts'],
    rules: { 'no-restricted-properties': ['error', { object: 'shell', property: 'openExternal', message: 'Open links with openInBrowser (electron/main/app/external-browser.ts).' }] },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: electronOnlyInShell.paths,
          patterns: [
            { group: ['node:*'], message: 'The renderer runs in a browser: no Node modules.' },
            { group: ['**/electron/**'], message: 'The renderer talks to services only through the contract.' },
          ],
        },
      ],
    },
  },
);

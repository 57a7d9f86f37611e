import { z } from 'zod';
import { method } from './define';

export const Theme = z.enum(['system', 'light', 'dark']);
export type Theme = z.infer<typeof Theme>;

/** UI preferences: kept in electron-store (its `conf` core headless), never in SQLite. */
export const Preferences = z.object({
  theme: Theme.default('system'),
  sidebarCollapsed: z.boolean().default(false),
});
export type Preferences = z.infer<typeof Preferences>;

export const preferencesMethods = {
  'preferences.get': method({
    description: 'The current UI preferences.',
    input: z.object({}).strict(),
    output: Preferences,
  }),
  'preferences.update': method({
    description: 'Change some preferences; returns all of them.',
    input: Preferences.partial().strict(),
    output: Preferences,
  }),
};

export const preferencesEvents = {
  'preferences.changed': Preferences,
};

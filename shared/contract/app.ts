import { z } from 'zod';
import { method } from './define';

export const Page = z.enum(['dashboard', 'agents', 'workflows', 'mcp', 'integrations', 'executions', 'vault', 'team', 'settings', 'alerts', 'logs', 'workers']);
export type Page = z.infer<typeof Page>;

export const Shell = z.enum(['electron', 'serve', 'cli']);

export const AppStatus = z.object({
  version: z.string(),
  shell: Shell,
  dataDir: z.string(),
  databasePath: z.string(),
  schemaVersion: z.number().int(),
  startedAt: z.string(),
  platform: z.string(),
  nodeVersion: z.string(),
  /** Row count of every table, for a quick look at what the store holds. */
  counts: z.record(z.string(), z.number().int()),
});
export type AppStatus = z.infer<typeof AppStatus>;

export const ActivityLevel = z.enum(['info', 'warn', 'error']);
export const ActivityEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  level: ActivityLevel,
  source: z.string(),
  message: z.string(),
});
export type ActivityEntry = z.infer<typeof ActivityEntry>;

export const appMethods = {
  'app.status': method({
    description: 'Version, data dir, schema version and row counts.',
    input: z.object({}).strict(),
    output: AppStatus,
    reads: ['*'],
  }),
  'app.activity': method({
    description: 'The most recent entries of the activity log, newest first.',
    input: z.object({ limit: z.number().int().min(1).max(500).default(50) }).strict(),
    output: z.array(ActivityEntry),
    reads: ['activity_log'],
  }),
};

export const appEvents = {
  /** A write touched these tables; queries reading them are stale. */
  'store.changed': z.object({ tables: z.array(z.string()) }),
  /** The shell asks the renderer to show a page (menu, tray, deep link). */
  'app.navigate': z.object({ page: Page }),
};

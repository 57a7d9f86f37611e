import { z } from 'zod';
import { method } from './define';

/** What the desktop app's updater is doing; `unsupported` headless and in development builds. */
export const UpdateState = z.enum(['unsupported', 'idle', 'checking', 'downloading', 'ready', 'error']);
export type UpdateState = z.infer<typeof UpdateState>;

export const UpdateStatus = z.object({
  state: UpdateState,
  /** Checked at start and every few hours; off, only "Check now" checks. */
  automatic: z.boolean(),
  currentVersion: z.string(),
  /** The version being downloaded, or downloaded and waiting for a restart. */
  version: z.string().optional(),
  /** Download progress, 0 to 100. */
  percent: z.number().min(0).max(100).optional(),
  checkedAt: z.string().optional(),
  /** Why updates are unsupported here, or what went wrong, in a sentence. */
  message: z.string().optional(),
});
export type UpdateStatus = z.infer<typeof UpdateStatus>;

export const CrashDump = z.object({
  /** The dump's path inside the crash folder: what `reveal` takes. */
  id: z.string(),
  createdAt: z.string(),
  bytes: z.number().int(),
});
export type CrashDump = z.infer<typeof CrashDump>;

export const CrashReports = z.object({
  /** Only the desktop app records crashes (Electron's crashReporter, uploads off). */
  supported: z.boolean(),
  folder: z.string().nullable(),
  dumps: z.array(CrashDump),
});
export type CrashReports = z.infer<typeof CrashReports>;

const None = z.object({}).strict();

export const desktopMethods = {
  'desktop.updates.status': method({
    description: "The desktop app's updater: state, version found, whether it checks by itself.",
    input: None,
    output: UpdateStatus,
  }),
  'desktop.updates.configure': method({
    description: 'Turn the automatic update checks on or off.',
    input: z.object({ automatic: z.boolean() }).strict(),
    output: UpdateStatus,
  }),
  'desktop.updates.check': method({
    description: 'Check for an update now (and download it if there is one).',
    input: None,
    output: UpdateStatus,
  }),
  'desktop.updates.restart': method({
    description: 'Quit, install the downloaded update and start again.',
    input: None,
    output: z.object({}),
  }),
  'desktop.crashReports.list': method({
    description: 'Crash dumps kept on this computer (never uploaded), newest first.',
    input: None,
    output: CrashReports,
  }),
  'desktop.crashReports.reveal': method({
    description: "Show one crash dump in the system's file manager, for the person to send it.",
    input: z.object({ id: z.string().min(1).max(500) }).strict(),
    output: z.object({}),
  }),
};

export const desktopEvents = {
  'desktop.updates.changed': UpdateStatus,
};

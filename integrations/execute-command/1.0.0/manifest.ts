import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';

export const RunParameters = z.object({
  /** A shell command line (`sh -c` on macOS and Linux, `cmd /c` on Windows). */
  command: z.string().min(1),
  /** Run once for the first item (n8n's default), or once per item. */
  executeOnce: z.boolean().default(true),
  /** The folder it runs in; the user's home folder when empty. */
  cwd: z.string().default(''),
  /** Wall-clock time before the command and everything it started are stopped. */
  timeoutMs: z.number().int().min(100).max(3_600_000).default(60_000),
});

export default definePlugin({
  id: 'execute-command',
  name: 'Execute command',
  version: '1.0.0',
  description: "Runs a shell command on this machine and returns its exit code, output and errors (n8n Execute Command). Off unless the operator sets ECHELON_EXECUTE_COMMAND=1, as n8n 2.x disables the node by default.",
  category: 'Developer tools',
  icon: 'terminal',
  type: 'core',
  auth: [{ type: 'none' }],
  actions: [{ id: 'run', name: 'Execute command', description: 'Runs a command; returns { exitCode, stdout, stderr }. A failing command fails the step.', parameters: RunParameters }],
  triggers: [],
});

import { EchelonError } from '../../../../shared/contract/errors';
import type { ActivityLog } from '../activity/activity-log';
import type { McpToolCaller, Notifier, SecretSource } from './ports';

/** Until the MCP supervisor is wired: tool steps fail with a clear reason (and are retried like any outage). */
export const unavailableMcp: McpToolCaller = {
  callTool: async ({ server, tool }) => {
    throw new EchelonError('unavailable', `MCP tool ${server}/${tool} cannot be called: the MCP supervisor is not available in this build.`);
  },
};

/** Until the vault is wired: secret references fail at use with `unavailable`, and validation skips them. */
export const unavailableSecrets: SecretSource = {
  reveal: (name) => {
    throw new EchelonError('unavailable', `The vault is not available to read "${name}": unlock or set up the vault first.`);
  },
  exists: () => {
    throw new EchelonError('unavailable', 'The vault is not available.');
  },
};

/** Headless, a "desktop notification" goes to the activity log. */
export function activityNotifier(activity: ActivityLog): Notifier {
  return { notify: ({ title, body, source }) => activity.record('info', 'notification', `${title}${body ? ` — ${body}` : ''} (${source})`) };
}

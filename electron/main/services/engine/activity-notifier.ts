import type { ActivityLog } from '../activity/activity-log';
import type { Notifier } from './ports';

/** Headless, a "desktop notification" goes to the activity log (the Electron shell shows real ones). */
export function activityNotifier(activity: ActivityLog): Notifier {
  return { notify: ({ title, body, source }) => activity.record('info', 'notification', `${title}${body ? ` — ${body}` : ''} (${source})`) };
}

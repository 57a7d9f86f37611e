import type { Alert } from '../../../../shared/contract/alerts';
import { formatAlertValue } from '../../../../shared/alerts/format-value';

/** What a channel is told: one alert fired, resolved or sent as a test, or a digest of the alerts it was spared. */
export type AlertNotice = { event: 'fired' | 'resolved' | 'test'; alert: Alert } | { event: 'digest'; alerts: Alert[] };

const LABEL = { fired: 'FIRING', resolved: 'RESOLVED', test: 'TEST' } as const;

export function noticeSubject(notice: AlertNotice): string {
  if (notice.event === 'digest') return `${notice.alerts.length} more alert${notice.alerts.length === 1 ? '' : 's'} from Echelon`;
  const severity = notice.event === 'fired' ? ` ${notice.alert.severity.toUpperCase()}` : '';
  return `[${LABEL[notice.event]}${severity}] ${notice.alert.title}`;
}

function alertLines(alert: Alert, event: 'fired' | 'resolved' | 'test'): string[] {
  const lines = [alert.message, `Rule: ${alert.ruleName} · threshold ${formatAlertValue(alert.threshold, alert.unit)}`, `Fired: ${alert.firedAt}`];
  if (event === 'resolved' && alert.resolvedAt) lines.push(`Resolved: ${alert.resolvedAt} (peak ${formatAlertValue(alert.peak, alert.unit)})`);
  return lines;
}

/** Plain text for email bodies, Slack messages and desktop notifications. */
export function noticeText(notice: AlertNotice): string {
  if (notice.event === 'digest') {
    return [`Echelon held back ${notice.alerts.length} alert notice${notice.alerts.length === 1 ? '' : 's'} to avoid a storm:`, ...notice.alerts.map((alert) => `• ${alert.resolvedAt ? 'resolved' : alert.severity}: ${alert.title}`), 'Open the Alerts page for the full history.'].join('\n');
  }
  return [noticeSubject(notice), ...alertLines(notice.alert, notice.event)].join('\n');
}

/** The JSON a webhook or a workflow receives. */
export function noticePayload(notice: AlertNotice): Record<string, unknown> {
  if (notice.event === 'digest') return { event: 'digest', alerts: notice.alerts };
  return { event: notice.event, alert: notice.alert };
}

/** A realistic alert for the test buttons. */
export function testAlert(channelName: string): Alert {
  const now = new Date().toISOString();
  return {
    id: 0,
    ruleId: 'test',
    ruleName: 'Test rule',
    kind: 'test',
    severity: 'info',
    subjectKey: 'test',
    subjectName: channelName,
    workflowId: null,
    title: `Test alert for "${channelName}"`,
    message: 'This is a test sent from Echelon’s Alerts page: the channel works.',
    unit: 'count',
    value: 1,
    peak: 1,
    threshold: 1,
    firedAt: now,
    resolvedAt: null,
    readAt: null,
    deliveries: [],
  };
}

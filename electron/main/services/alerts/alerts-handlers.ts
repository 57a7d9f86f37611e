import type { Handlers } from '../../../../shared/rpc/router';
import type { AlertsService } from './alerts-service';

type AlertsHandlers = Pick<
  Handlers,
  | 'alerts.list'
  | 'alerts.summary'
  | 'alerts.markRead'
  | 'alerts.evaluate'
  | 'alerts.kinds'
  | 'alerts.rules.list'
  | 'alerts.rules.save'
  | 'alerts.rules.delete'
  | 'alerts.channels.list'
  | 'alerts.channels.save'
  | 'alerts.channels.delete'
  | 'alerts.channels.test'
  | 'alerts.health'
  | 'alerts.healthOverview'
>;

export function alertsHandlers(alerts: AlertsService): AlertsHandlers {
  return {
    'alerts.list': (filter) => alerts.list(filter),
    'alerts.summary': () => alerts.summary(),
    'alerts.markRead': ({ ids, all }) => ({ updated: alerts.markRead(all ? 'all' : (ids ?? [])) }),
    'alerts.evaluate': () => alerts.evaluate(),
    'alerts.kinds': () => alerts.kinds(),
    'alerts.rules.list': ({ workflowId }) => alerts.listRules(workflowId),
    'alerts.rules.save': (rule) => alerts.saveRule(rule),
    'alerts.rules.delete': ({ id }) => ({ deleted: alerts.deleteRule(id) }),
    'alerts.channels.list': () => alerts.listChannels(),
    'alerts.channels.save': (channel) => alerts.saveChannel(channel),
    'alerts.channels.delete': ({ id }) => ({ deleted: alerts.deleteChannel(id) }),
    'alerts.channels.test': ({ id }) => alerts.testChannel(id),
    'alerts.health': ({ workflowId }) => alerts.health(workflowId),
    'alerts.healthOverview': () => alerts.healthOverview(),
  };
}

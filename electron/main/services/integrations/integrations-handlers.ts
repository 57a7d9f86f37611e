import type { Handlers } from '../../../../shared/rpc/router';
import type { Redactor } from '../redaction/redactor';
import type { IntegrationsService } from './integrations-service';

type IntegrationMethods = Extract<keyof Handlers, `integrations.${string}`>;

export function integrationsHandlers(integrations: IntegrationsService, redactor: Redactor): Pick<Handlers, IntegrationMethods> {
  const { connections } = integrations;
  return {
    'integrations.gallery': (query) => integrations.gallery.query(query),
    'integrations.plugins': () => integrations.registry.describeAll(),
    'integrations.plugin': ({ id, version }) => connections.form(id, version),
    'integrations.connections.list': ({ pluginId }) => connections.list(pluginId),
    'integrations.connections.get': ({ id }) => connections.get(id),
    'integrations.connections.create': (input) => connections.create(input),
    'integrations.connections.update': (input) => connections.update(input),
    'integrations.connections.delete': ({ id }) => ({ deleted: connections.delete(id) }),
    'integrations.connections.test': ({ id }, ctx) => connections.test(id, ctx.signal),
    'integrations.connections.disconnect': ({ id }) => connections.disconnect(id),
    'integrations.connections.authorize': async ({ id }) => {
      // The flow finishes in the background; the connection's status and event log tell how it went.
      const { authorizationUrl, completion } = await connections.authorize(id);
      completion.catch(() => {});
      return { authorizationUrl };
    },
    'integrations.connections.health': ({ id, limit }) => {
      connections.get(id);
      return integrations.health.recent(id, limit);
    },
    'integrations.connections.events': ({ id, limit }) => {
      connections.get(id);
      return integrations.events.recent(id, limit);
    },
    'integrations.actions.run': async ({ pluginId, version, actionId, params, connectionId, idempotencyKey }, ctx) => {
      const started = performance.now();
      const output = await integrations.runAction(pluginId, version, actionId, params, { connectionId, idempotencyKey, signal: ctx.signal });
      // An API may echo a credential back; what leaves the process never carries it.
      return { output: redactor.redactValue(output), durationMs: Math.round((performance.now() - started) * 10) / 10 };
    },
  };
}

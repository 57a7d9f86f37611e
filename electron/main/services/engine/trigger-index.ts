import type { WorkflowDocument } from '../../../../shared/workflow/document';
import { FormParameters } from '../../../../integrations/form/1.0.0/manifest';
import type { WebhookRoute } from './webhooks/webhook-server';

type Documents = Array<{ id: string; name: string; document: WorkflowDocument | undefined }>;

/** The webhook endpoints the workflows' current versions expose. */
export function webhookRoutes(workflows: Documents): WebhookRoute[] {
  const routes: WebhookRoute[] = [];
  for (const workflow of workflows) {
    for (const node of workflow.document?.nodes ?? []) {
      if (node.type !== 'webhook.trigger' || node.disabled || typeof node.parameters.path !== 'string') continue;
      const routePath = node.parameters.path.replace(/^\/+|\/+$/g, '');
      const params = node.parameters as { respond?: WebhookRoute['respond']; responseCode?: number; responseData?: WebhookRoute['responseData']; keepHeaders?: string[] };
      routes.push({
        workflowId: workflow.id,
        workflowName: workflow.name,
        nodeId: node.id,
        method: String(node.parameters.method ?? 'POST').toUpperCase(),
        segments: routePath.split('/').filter(Boolean),
        path: routePath,
        respond: params.respond ?? 'immediately',
        responseCode: params.responseCode ?? 200,
        responseData: params.responseData ?? 'firstEntryJson',
        keepHeaders: Array.isArray(params.keepHeaders) ? params.keepHeaders.map((name) => String(name).toLowerCase()) : [],
      });
    }
    routes.push(...formRoutes(workflow));
  }
  return routes;
}

/** Form triggers: a page under /form/<path>, submitted by POST to the same path. */
function formRoutes(workflow: Documents[number]): WebhookRoute[] {
  const routes: WebhookRoute[] = [];
  for (const node of workflow.document?.nodes ?? []) {
    if (node.type !== 'form.trigger' || node.disabled || typeof node.parameters.path !== 'string') continue;
    const parsed = FormParameters.safeParse(node.parameters);
    if (!parsed.success) continue;
    const { path, respond, ...form } = parsed.data;
    const routePath = path.replace(/^\/+|\/+$/g, '');
    routes.push({ workflowId: workflow.id, workflowName: workflow.name, nodeId: node.id, method: 'POST', segments: routePath.split('/').filter(Boolean), path: routePath, respond, responseCode: 200, responseData: 'firstEntryJson', keepHeaders: [], form });
  }
  return routes;
}

export interface TriggerListeners {
  /** Watched workflow id → the triggers waiting for its runs to finish. */
  completed: Map<string, Array<{ workflowId: string; nodeId: string; statuses: string[] }>>;
  mcp: Array<{ workflowId: string; nodeId: string; server: string; method: string }>;
}

/** Workflow-completed and MCP-notification triggers of the current versions, indexed for lookup when events come. */
export function triggerListeners(workflows: Documents, resolve: (reference: string) => string | undefined): TriggerListeners {
  const listeners: TriggerListeners = { completed: new Map(), mcp: [] };
  for (const workflow of workflows) {
    for (const node of workflow.document?.nodes ?? []) {
      if (node.disabled) continue;
      if (node.type === 'workflow-completed.trigger' && typeof node.parameters.workflowId === 'string') {
        const watched = resolve(node.parameters.workflowId) ?? node.parameters.workflowId;
        const list = listeners.completed.get(watched) ?? [];
        list.push({ workflowId: workflow.id, nodeId: node.id, statuses: Array.isArray(node.parameters.statuses) ? (node.parameters.statuses as string[]) : ['succeeded'] });
        listeners.completed.set(watched, list);
      }
      if (node.type === 'mcp-notification.trigger' && typeof node.parameters.server === 'string') {
        listeners.mcp.push({ workflowId: workflow.id, nodeId: node.id, server: node.parameters.server, method: typeof node.parameters.method === 'string' ? node.parameters.method : '*' });
      }
    }
  }
  return listeners;
}

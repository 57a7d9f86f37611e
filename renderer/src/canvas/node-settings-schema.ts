import type { WorkflowNode } from '../../../shared/workflow/document';
import type { CanvasConnection, CanvasNodeType } from './canvas-types';

/**
 * The settings every node has besides its parameters, as a JSON Schema so the inspector
 * renders them with the same generated-form machinery as the parameters.
 */
export function nodeSettingsSchema(nodeType: CanvasNodeType | undefined, connections: readonly CanvasConnection[] = []): Record<string, unknown> {
  const credentials = nodeType?.credentials ?? [];
  const usable = connections.filter((connection) => connection.pluginId === nodeType?.integration);
  return {
    type: 'object',
    properties: {
      name: { type: 'string', title: 'Name', minLength: 1, maxLength: 128, description: 'Expressions refer to this node by name.' },
      ...(nodeType?.integration && {
        connection:
          usable.length > 0
            ? { type: 'string', title: 'Connection', enum: usable.map((connection) => connection.id), enumNames: usable.map((connection) => connection.name), description: 'Authenticates the call; manage connections on the Integrations page.' }
            : { type: 'string', title: 'Connection', description: 'No connection to this service yet: make one on the Integrations page.', readOnly: true },
      }),
      disabled: { type: 'boolean', title: 'Disabled (skipped when the workflow runs)' },
      ...(credentials.length > 0 && {
        credentials: {
          type: 'object',
          title: 'Credentials',
          properties: Object.fromEntries(
            credentials.map((slot) => [slot.name, { type: 'string', title: slot.name, description: `${slot.description} — the name of a vault record.`, pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }]),
          ),
          required: credentials.filter((slot) => slot.required).map((slot) => slot.name),
        },
      }),
      onError: {
        type: 'string',
        title: 'When it fails',
        enum: ['stop', 'continue', 'route'],
        enumNames: ['Stop the workflow', 'Continue with the error as output', 'Route to the error output'],
        default: 'stop',
      },
      retry: {
        type: 'object',
        title: 'Retries',
        properties: {
          maxTries: { type: 'integer', title: 'Tries', minimum: 1, maximum: 100, default: 1 },
          baseDelayMs: { type: 'integer', title: 'First delay (ms)', minimum: 0, default: 1000 },
          maxDelayMs: { type: 'integer', title: 'Longest delay (ms)', minimum: 0, default: 30000 },
          jitter: { type: 'boolean', title: 'Add random jitter', default: true },
        },
      },
      timeoutMs: { type: 'integer', title: 'Timeout (ms)', minimum: 1, description: 'Leave empty for no limit.' },
      notes: { type: 'string', title: 'Notes', maxLength: 10000 },
    },
    required: ['name'],
  };
}

type Settings = Pick<WorkflowNode, 'name' | 'disabled' | 'credentials' | 'connection' | 'onError' | 'retry' | 'timeoutMs' | 'notes'>;

export function settingsOf(node: WorkflowNode): Record<string, unknown> {
  return {
    name: node.name,
    connection: node.connection,
    disabled: node.disabled ?? false,
    credentials: Object.fromEntries(Object.entries(node.credentials ?? {}).map(([slot, ref]) => [slot, ref.secret])),
    onError: node.onError ?? 'stop',
    retry: node.retry,
    timeoutMs: node.timeoutMs,
    notes: node.notes,
  };
}

/** Applies the settings form's value, dropping empty optional fields so the document stays minimal. */
export function applySettings(node: WorkflowNode, value: Record<string, unknown>): WorkflowNode {
  const settings = value as Partial<Settings> & { credentials?: Record<string, string | undefined> };
  const credentials = Object.fromEntries(Object.entries(settings.credentials ?? {}).filter(([, name]) => Boolean(name)).map(([slot, name]) => [slot, { secret: name! }]));
  const next: WorkflowNode = { ...node, name: settings.name ?? node.name };
  const set = <K extends keyof WorkflowNode>(key: K, keep: boolean, item: WorkflowNode[K]) => {
    if (keep) next[key] = item;
    else delete next[key];
  };
  set('disabled', settings.disabled === true, true);
  set('connection', Boolean(settings.connection), settings.connection);
  set('credentials', Object.keys(credentials).length > 0, credentials);
  set('onError', settings.onError !== undefined && settings.onError !== 'stop', settings.onError);
  set('retry', settings.retry?.maxTries !== undefined && settings.retry.maxTries > 1, settings.retry as WorkflowNode['retry']);
  set('timeoutMs', typeof settings.timeoutMs === 'number', settings.timeoutMs);
  set('notes', Boolean(settings.notes), settings.notes);
  return next;
}

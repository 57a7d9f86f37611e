import type { CallToolResult, HttpTool } from '../../../../../shared/contract';
import type { IntegrationsService } from '../../integrations/integrations-service';
import type { InvokeTool } from '../run/agent-tools';

const JSON_TYPES = { string: 'string', number: 'number', boolean: 'boolean', json: undefined } as const;
const MAX_RESULT_CHARS = 60_000;

/** The model's arguments: one per placeholder, all required. */
export function httpToolSchema(tool: HttpTool): Record<string, unknown> {
  return {
    type: 'object',
    properties: Object.fromEntries(tool.placeholders.map((placeholder) => [placeholder.name, { ...(JSON_TYPES[placeholder.type] ? { type: JSON_TYPES[placeholder.type] } : {}), ...(placeholder.description ? { description: placeholder.description } : {}) }])),
    required: tool.placeholders.map((placeholder) => placeholder.name),
  };
}

const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value) ?? '');

/** Fills `{name}` placeholders; `encode` says how a value is written where it lands. */
function fill(template: string, args: Record<string, unknown>, encode: (value: unknown) => string): string {
  return template.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, name: string) => (name in args ? encode(args[name]) : whole));
}

/** In a JSON body, a string lands inside its quotes (escaped), anything else as JSON. */
const inJson = (value: unknown) => (typeof value === 'string' ? JSON.stringify(value).slice(1, -1) : JSON.stringify(value));

/**
 * An HTTP request the model fills in, sent through the integrations layer (the connection's
 * auth, rate limit and Retry-After apply). Answers other than 2xx come back as tool errors
 * with their status, so the model can adjust.
 */
export function httpToolInvoker(tool: HttpTool, integrations: IntegrationsService): InvokeTool {
  return async (args, { signal, timeoutMs }): Promise<CallToolResult> => {
    const url = fill(tool.url, args, (value) => encodeURIComponent(text(value)));
    const response = await integrations.request(
      tool.connection,
      {
        method: tool.method,
        url,
        headers: Object.fromEntries(Object.entries(tool.headers).map(([key, value]) => [key, fill(value, args, text)])),
        query: Object.fromEntries(Object.entries(tool.query).map(([key, value]) => [key, fill(value, args, text)])),
        body: tool.body !== undefined && tool.method !== 'GET' ? { type: 'text', value: fill(tool.body, args, inJson), contentType: 'application/json' } : undefined,
        responseType: 'text',
        timeoutMs,
      },
      { signal },
    );
    const body = String(response.body ?? '');
    const cut = body.length > MAX_RESULT_CHARS ? `${body.slice(0, MAX_RESULT_CHARS)}\n[cut: ${body.length} characters]` : body;
    const ok = response.status >= 200 && response.status < 300;
    return { isError: !ok, content: [{ type: 'text', text: ok ? cut : `HTTP ${response.status}: ${cut}` }] };
  };
}

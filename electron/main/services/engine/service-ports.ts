import { STATUS_CODES } from 'node:http';
import type { HttpMethod } from '../../../../shared/integrations/http';
import type { IntegrationsService } from '../integrations/integrations-service';
import type { McpService } from '../mcp/mcp-service';
import type { CallToolResult, HttpClient, HttpRequest, HttpResponse, IntegrationRunner, McpNotificationSource, McpToolCaller } from './ports';

/** The engine's ports, implemented by the other services of the host. */

/** MCP tool steps go through the supervisor, so they are journaled and use its running servers (a stopped one is started). */
export function supervisedMcp(mcp: McpService): McpToolCaller & McpNotificationSource {
  return {
    async callTool(call) {
      const outcome = await mcp.callTool({ server: call.server, tool: call.tool, arguments: call.args }, 'workflow', { signal: call.signal, onprogress: call.onProgress, startIfStopped: true });
      return outcome.result as CallToolResult;
    },
    subscribe: (listener) => mcp.onNotification(listener),
  };
}

/** The largest HTTP answer a step reads; beyond the database's limit the engine spills it to a file. */
const STEP_MAX_RESPONSE_BYTES = 200 * 1024 * 1024;
/** A step that names no timeout of its own (cancellation still ends it through the signal). */
const STEP_TRANSPORT_TIMEOUT_MS = 600_000;

/** HTTP steps go through the integrations layer: one client, its redirect rules, `Idempotency-Key` and Retry-After handling. */
export function integrationsHttp(integrations: IntegrationsService): HttpClient {
  return {
    async request(request: HttpRequest): Promise<HttpResponse> {
      const contentType = Object.entries(request.headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
      const body =
        request.body === undefined
          ? undefined
          : typeof request.body === 'string'
            ? { type: 'text' as const, value: request.body, contentType: contentType ?? 'text/plain; charset=utf-8' }
            : { type: 'bytes' as const, value: request.body as Uint8Array<ArrayBuffer>, contentType: contentType ?? 'application/octet-stream' };
      const response = await integrations.request(
        undefined,
        {
          method: request.method.toUpperCase() as HttpMethod,
          url: request.url,
          headers: request.headers,
          body,
          responseType: 'bytes',
          maxResponseBytes: request.maxBodyBytes ?? STEP_MAX_RESPONSE_BYTES,
          timeoutMs: request.timeoutMs ?? STEP_TRANSPORT_TIMEOUT_MS,
          credentialHeaders: request.credentialHeaders,
          ca: request.ca,
        },
        { signal: request.signal, idempotencyKey: request.idempotencyKey, trustAdvice: "set the node's CA certificate" },
      );
      return { status: response.status, statusText: STATUS_CODES[response.status] ?? '', headers: response.headers, body: response.body as Uint8Array };
    },
  };
}

/** API integrations' actions (GitHub, Slack, ...) as workflow steps, with the node's vault credentials. */
export function integrationActions(integrations: IntegrationsService): IntegrationRunner {
  return {
    runAction: (call) =>
      integrations.runAction(call.plugin, call.version, call.action, call.parameters, { connectionId: call.connectionId, signal: call.signal, idempotencyKey: call.idempotencyKey, files: call.files }),
  };
}

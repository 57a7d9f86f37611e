import { SpanKind, type SpanContext } from '@opentelemetry/api';
import { ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_SERVER_ADDRESS, ATTR_SERVER_PORT, ATTR_URL_FULL, ATTR_URL_SCHEME } from '@opentelemetry/semantic-conventions';
import type { NodeServices } from '../../engine/node-api';
import type { HttpClient, IntegrationRunner, McpToolCaller } from '../../engine/ports';
import type { FinishedSpan } from './execution-tracer';
import { isModelCall, modelUsage, requestedModel } from '../model-usage';
import { modelTurnSpan } from './gen-ai';
import { GEN_AI_OPERATION_NAME, GEN_AI_TOOL_NAME, MCP_METHOD_NAME } from './semconv';

export interface SpanWriter {
  write(span: FinishedSpan): void;
}

const now = () => performance.timeOrigin + performance.now();

function errorOf(error: unknown): { type: string; message: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return { type: typeof code === 'string' ? code : error instanceof Error ? error.name : 'error', message: error instanceof Error ? error.message : String(error) };
}

/** `url.full` without credentials in its user info, as the HTTP conventions require. */
function safeUrl(raw: string): URL | undefined {
  try {
    const url = new URL(raw);
    if (url.username) url.username = 'REDACTED';
    if (url.password) url.password = 'REDACTED';
    return url;
  } catch {
    return undefined;
  }
}

function tracedHttp(http: HttpClient, parent: SpanContext, writer: SpanWriter): HttpClient {
  return {
    async request(request) {
      const start = now();
      const method = request.method.toUpperCase();
      const url = safeUrl(request.url);
      const attributes = {
        [ATTR_HTTP_REQUEST_METHOD]: method,
        [ATTR_URL_FULL]: url?.toString() ?? request.url,
        [ATTR_URL_SCHEME]: url?.protocol.replace(':', ''),
        [ATTR_SERVER_ADDRESS]: url?.hostname,
        [ATTR_SERVER_PORT]: url ? Number(url.port || (url.protocol === 'https:' ? 443 : 80)) : undefined,
      };
      try {
        const response = await http.request(request);
        const failed = response.status >= 400;
        writer.write({
          name: method,
          kind: SpanKind.CLIENT,
          start,
          end: now(),
          parent,
          attributes: { ...attributes, [ATTR_HTTP_RESPONSE_STATUS_CODE]: response.status },
          error: failed ? { type: String(response.status), message: `HTTP ${response.status}` } : undefined,
        });
        return response;
      } catch (error) {
        writer.write({ name: method, kind: SpanKind.CLIENT, start, end: now(), parent, attributes, error: errorOf(error) });
        throw error;
      }
    },
  };
}

function tracedMcp(mcp: McpToolCaller, parent: SpanContext, writer: SpanWriter): McpToolCaller {
  return {
    async callTool(call) {
      const start = now();
      const attributes = { [MCP_METHOD_NAME]: 'tools/call', [GEN_AI_OPERATION_NAME]: 'execute_tool', [GEN_AI_TOOL_NAME]: call.tool, 'echelon.mcp.server': call.server };
      const name = `tools/call ${call.tool}`;
      try {
        const result = await mcp.callTool(call);
        writer.write({ name, kind: SpanKind.CLIENT, start, end: now(), parent, attributes, error: result.isError ? { type: 'tool_error', message: `${call.tool} reported an error.` } : undefined });
        return result;
      } catch (error) {
        writer.write({ name, kind: SpanKind.CLIENT, start, end: now(), parent, attributes, error: errorOf(error) });
        throw error;
      }
    },
  };
}

/** The OpenAI-compatible chat action is a model turn; any other action is a client span of its integration. */
function tracedIntegrations(integrations: IntegrationRunner, parent: SpanContext, writer: SpanWriter): IntegrationRunner {
  return {
    async runAction(call) {
      const start = now();
      const chat = isModelCall(call);
      const attributes = { 'echelon.integration.id': call.plugin, 'echelon.integration.version': call.version, 'echelon.integration.action': call.action, 'echelon.connection.id': call.connectionId };
      const write = (error?: { type: string; message: string }, result?: unknown) => {
        if (!chat) return writer.write({ name: `${call.plugin} ${call.action}`, kind: SpanKind.CLIENT, start, end: now(), parent, attributes, error });
        const usage = error ? { provider: 'openai', requestModel: requestedModel(call) } : modelUsage(call, result);
        const span = modelTurnSpan({ ...usage, start, end: now(), error }, parent);
        writer.write({ ...span, attributes: { ...span.attributes, ...attributes } });
      };
      try {
        const result = await integrations.runAction(call);
        write(undefined, result);
        return result;
      } catch (error) {
        write(errorOf(error));
        throw error;
      }
    },
  };
}

/** A step's services whose HTTP calls, MCP tool calls and integration actions are spans under the step. */
export function tracedServices(services: NodeServices, parent: SpanContext, writer: SpanWriter): NodeServices {
  return {
    ...services,
    http: tracedHttp(services.http, parent, writer),
    mcp: tracedMcp(services.mcp, parent, writer),
    integrations: services.integrations && tracedIntegrations(services.integrations, parent, writer),
  };
}

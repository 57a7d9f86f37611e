/**
 * Incubating OpenTelemetry semantic-convention names (GenAI, MCP; the messaging names of an execution's span are in engine-span-records.mjs), copied here as
 * the conventions project advises rather than imported from its unstable entry point. Stable
 * names (HTTP, URL, server, error, service) come from `@opentelemetry/semantic-conventions`.
 */
export const GEN_AI_OPERATION_NAME = 'gen_ai.operation.name';
export const GEN_AI_PROVIDER_NAME = 'gen_ai.provider.name';
export const GEN_AI_REQUEST_MODEL = 'gen_ai.request.model';
export const GEN_AI_RESPONSE_MODEL = 'gen_ai.response.model';
export const GEN_AI_RESPONSE_ID = 'gen_ai.response.id';
export const GEN_AI_RESPONSE_FINISH_REASONS = 'gen_ai.response.finish_reasons';
export const GEN_AI_USAGE_INPUT_TOKENS = 'gen_ai.usage.input_tokens';
export const GEN_AI_USAGE_OUTPUT_TOKENS = 'gen_ai.usage.output_tokens';
export const GEN_AI_TOOL_NAME = 'gen_ai.tool.name';
export const GEN_AI_AGENT_NAME = 'gen_ai.agent.name';
export const MCP_METHOD_NAME = 'mcp.method.name';

import { Validator, type Schema } from '@cfworker/json-schema';
import type { ToolSet } from 'ai';
import type { CallToolResult, ToolGrant } from '../../../../../shared/contract';
import { needsApproval } from './approval-policy';
import { loadSdk } from './sdk';

export type InvokeTool = (args: Record<string, unknown>, options: { signal: AbortSignal; timeoutMs: number }) => Promise<CallToolResult>;

/** A granted tool as its server describes it, and how to call it. */
export interface DescribedTool {
  /** Where it comes from (`server`, or `workflows` / `http` for a node's own tools), its name, its approval policy. */
  grant: ToolGrant;
  description: string;
  inputSchema: Record<string, unknown>;
  /** Safe to run again after a crash (read-only or idempotent, as the server annotates it). */
  repeatable: boolean;
  invoke: InvokeTool;
}

/** One tool call on its way: what the run records before and after the real call. */
export interface ToolCallRecorder {
  /** Called before the tool runs; throwing refuses the call (its message goes to the model). */
  before(call: { toolCallId: string; server: string; tool: string; input: unknown }): Promise<unknown> | unknown;
  after(handle: unknown, outcome: { result?: CallToolResult; error?: unknown; signal: AbortSignal }): void;
}

/** The longest tool result a model reads; the full result stays in the journal. */
const MAX_RESULT_CHARS = 60_000;

/** Providers take tool names of letters, digits, `_` and `-`, up to 64 characters. */
export function modelToolName(server: string, tool: string, taken: ReadonlySet<string>): string {
  const base = `${server}__${tool}`.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base.slice(0, 60)}_${i}`;
  return name;
}

/** A tool result as the model reads it: its text blocks (and structured content), errors marked as such. */
export function resultText(result: CallToolResult): string {
  const parts = result.content.map((block) => {
    if (block.type === 'text' && 'text' in block) return String(block.text);
    if (block.type === 'resource_link' && 'uri' in block) return `[link ${String(block.uri)}]`;
    if (block.type === 'resource' && 'resource' in block) {
      const resource = block.resource as { uri: string; text?: string };
      return resource.text ?? `[resource ${resource.uri}]`;
    }
    return `[${block.type}${'mimeType' in block ? ` ${String(block.mimeType)}` : ''}]`;
  });
  if (result.structuredContent && !parts.some((part) => part.trim().startsWith('{'))) parts.push(JSON.stringify(result.structuredContent));
  const text = parts.join('\n');
  return text.length > MAX_RESULT_CHARS ? `${text.slice(0, MAX_RESULT_CHARS)}\n[cut: the result had ${text.length} characters]` : text;
}

/** Validators by schema text: a task builds its tool set afresh, its tools' schemas rarely change. */
const validators = new Map<string, Validator>();
const MAX_VALIDATORS = 256;

function validatorOf(schema: Record<string, unknown>): Validator {
  const key = JSON.stringify(schema);
  let validator = validators.get(key);
  if (!validator) {
    if (validators.size >= MAX_VALIDATORS) validators.delete(validators.keys().next().value!);
    validators.set(key, (validator = new Validator({ type: 'object', ...schema } as Schema, '7', false)));
  }
  return validator;
}

function validatorFor(schema: Record<string, unknown>): (value: unknown) => { success: true; value: unknown } | { success: false; error: Error } {
  const validator = validatorOf(schema);
  return (value) => {
    const outcome = validator.validate(value ?? {});
    if (outcome.valid) return { success: true, value: value ?? {} };
    const problems = outcome.errors
      .filter((error) => !['properties', 'allOf', 'items', '$ref'].includes(error.keyword))
      .map((error) => `${error.instanceLocation.replace(/^#\/?/, '') || 'arguments'}: ${error.error}`);
    return { success: false, error: new Error(`The arguments do not match the tool's input schema: ${problems.slice(0, 5).join('; ')}.`) };
  };
}

/**
 * The granted tools as AI SDK tools (`dynamicTool` over the server's own JSON Schema): calls go
 * through Echelon's MCP supervisor (journalled, redacted), are recorded before they run, ask for
 * approval as the grant's policy says, and come back to the model as text, errors included.
 */
export async function buildToolSet(tools: readonly DescribedTool[], recorder: ToolCallRecorder, toolTimeoutMs: number): Promise<{ tools: ToolSet; byName: Map<string, DescribedTool> }> {
  const { dynamicTool, jsonSchema } = await loadSdk();
  const set: ToolSet = {};
  const byName = new Map<string, DescribedTool>();
  for (const described of tools) {
    const { grant } = described;
    const name = modelToolName(grant.server, grant.tool, new Set(byName.keys()));
    byName.set(name, described);
    set[name] = dynamicTool({
      description: described.description,
      inputSchema: jsonSchema(described.inputSchema as never, { validate: validatorFor(described.inputSchema) }),
      needsApproval: grant.approval.mode === 'never' ? undefined : (input) => needsApproval(grant.approval, input),
      execute: async (input, { toolCallId, abortSignal }) => {
        const signal = abortSignal ?? new AbortController().signal;
        const handle = await recorder.before({ toolCallId, server: grant.server, tool: grant.tool, input });
        try {
          const result = await described.invoke((input ?? {}) as Record<string, unknown>, { signal, timeoutMs: toolTimeoutMs });
          recorder.after(handle, { result, signal });
          return result;
        } catch (error) {
          recorder.after(handle, { error, signal });
          throw error;
        }
      },
      toModelOutput: ({ output }) => {
        const result = output as CallToolResult;
        const text = resultText(result);
        return result.isError ? { type: 'error-text', value: text || 'The tool reported an error without a message.' } : { type: 'text', value: text };
      },
    });
  }
  return { tools: set, byName };
}

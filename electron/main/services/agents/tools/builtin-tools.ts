import type { MathJsInstance } from 'mathjs';
import type { BuiltinTool, CallToolResult } from '../../../../../shared/contract';
import type { CodeRequest, CodeResult } from '../../engine/node-api';
import type { InvokeTool } from '../run/agent-tools';

export type RunCode = (request: CodeRequest) => Promise<CodeResult>;

const CODE_TIMEOUT_MS = 30_000;
const CODE_MEMORY_BYTES = 64 * 1024 * 1024;

/**
 * Tools that need nothing outside Echelon, as n8n's Calculator, Think and Code tools: math.js
 * evaluates the expression (its own parser, never JavaScript's eval, with the functions that
 * could reach outside switched off), "think" hands the thought back, and code runs in the Code
 * step's QuickJS sandbox with its limits.
 */

let loaded: Promise<{ math: MathJsInstance; evaluate: MathJsInstance['evaluate'] }> | undefined;

/** math.js on first use (it is large), hardened as its documentation says: no reaching the parser from an expression. */
function mathJs() {
  return (loaded ??= import('mathjs/number').then(({ create, all }) => {
    const math = create(all!);
    const evaluate = math.evaluate.bind(math);
    const refuse = (name: string) => () => {
      throw new Error(`${name} is not available in the calculator.`);
    };
    math.import(Object.fromEntries(['import', 'evaluate', 'parse', 'simplify', 'derivative', 'compile', 'parser', 'resolve', 'reviver', 'replacer'].map((name) => [name, refuse(name)])), { override: true });
    return { math, evaluate };
  }));
}

export async function calculate(expression: string): Promise<string> {
  const { math, evaluate } = await mathJs();
  return math.format(evaluate(expression) as never, { precision: 14 });
}

const SCHEMAS: Record<BuiltinTool['kind'], Record<string, unknown>> = {
  code: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] },
  calculator: { type: 'object', properties: { input: { type: 'string', description: 'A math expression, such as 12 * (3 + 4) or sqrt(2)' } }, required: ['input'] },
  think: { type: 'object', properties: { thought: { type: 'string', description: 'Your thought' } }, required: ['thought'] },
};

export const DEFAULT_DESCRIPTIONS: Record<BuiltinTool['kind'], string> = {
  code: 'Runs code written for this purpose with the given input.',
  calculator: 'Useful for getting the result of a math expression. The input to this tool should be a valid mathematical expression that could be executed by a simple calculator.',
  think: 'Use the tool to think about something. It will not obtain new information or change the database, but just append the thought to the log. Use it when complex reasoning or some cache memory is needed.',
};

export const builtinToolSchema = (tool: BuiltinTool) => (tool.kind === 'code' && tool.inputSchema ? tool.inputSchema : SCHEMAS[tool.kind]);

/** n8n's Code tool: the code reads `query` (the text, or the arguments object with a schema) and returns the answer. */
function codeInvoker(tool: BuiltinTool, runCode: RunCode): InvokeTool {
  const body = `const query = $input.first().json.query;\nconst result = await (async () => {\n${tool.code ?? ''}\n})();\nreturn [{ json: { result: typeof result === 'string' ? result : JSON.stringify(result ?? null) } }];`;
  return async (args, { signal }): Promise<CallToolResult> => {
    const query = tool.inputSchema ? args : (args.query ?? '');
    try {
      const { items } = await runCode({ code: body, mode: 'runOnceForAllItems', items: [{ json: { query } as never }], timeoutMs: CODE_TIMEOUT_MS, memoryBytes: CODE_MEMORY_BYTES, signal });
      return { content: [{ type: 'text', text: String(items[0]?.json.result ?? '') }] };
    } catch (error) {
      return { isError: true, content: [{ type: 'text', text: `The code failed: ${(error as Error).message}` }] };
    }
  };
}

export function builtinToolInvoker(tool: BuiltinTool, runCode: RunCode): InvokeTool {
  if (tool.kind === 'code') return codeInvoker(tool, runCode);
  return async (args): Promise<CallToolResult> => {
    if (tool.kind === 'think') return { content: [{ type: 'text', text: String(args.thought ?? '') }] };
    try {
      return { content: [{ type: 'text', text: await calculate(String(args.input ?? '')) }] };
    } catch (error) {
      // LangChain's calculator answers "I don't know how to do that." for what it cannot evaluate; the reason helps the model more.
      return { isError: true, content: [{ type: 'text', text: `I don't know how to do that: ${(error as Error).message}` }] };
    }
  };
}

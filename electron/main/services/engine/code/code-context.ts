import type { CodeContext, JsonObject, NodeContext } from '../node-api';
import { ENV_BLOCKED, readableEnv } from './code-settings';

const QUOTED = String.raw`\s*(['"\x60])((?:\\.|(?!\1).)*)\1\s*`;
/** `$('Name')`, `$items("Name")`, `$node["Name"]`: the node names code refers to literally. */
const REFERENCES = [new RegExp(String.raw`\$\(${QUOTED}\)`, 'g'), new RegExp(String.raw`\$items\(${QUOTED}[,)]`, 'g'), new RegExp(String.raw`\$node\[${QUOTED}\]`, 'g')];
/** A name built at run time (`$(name)`, `$node[key]`): every node that ran is sent. */
const DYNAMIC = /\$\(\s*[^'"`\s)]|\$items\(\s*[^'"`\s)]|\$node\[\s*[^'"`\s\]]/;
const DOTTED = /\$node\.([A-Za-z_$][\w$]*)/g;

/** The node names a Code step's source refers to, or undefined when it computes them. */
export function referencedNodes(code: string): Set<string> | undefined {
  if (DYNAMIC.test(code)) return undefined;
  const names = new Set<string>();
  for (const pattern of REFERENCES) for (const match of code.matchAll(pattern)) names.add(match[2]!.replace(/\\(.)/g, '$1'));
  for (const match of code.matchAll(DOTTED)) names.add(match[1]!);
  return names;
}

/**
 * The data n8n's globals read in a Code step: other nodes' outputs (only those the code names,
 * when it names them literally), the workflow and execution, static data, `$env` per the
 * settings, and where the input items' binary files are.
 */
export function codeContext(ctx: NodeContext, code: string, legacy: boolean): CodeContext {
  const lookup = ctx.nodes;
  const wanted = referencedNodes(code);
  const nodes: CodeContext['nodes'] = {};
  for (const name of wanted ?? lookup.names()) {
    const items = lookup.output(name);
    if (!items) continue;
    const paired = ctx.input.map((_item, index) => lookup.pairedItem(name, index) ?? null);
    nodes[name] = { items, paired, parameters: lookup.parameters(name) ?? {} };
  }
  const previous = lookup.previous();
  const binaryFiles: Record<string, string> = {};
  for (const item of ctx.input) for (const ref of Object.values(item.binary ?? {})) binaryFiles[ref.file] = ctx.services.binaryPath(ref);
  const usesStatic = code.includes('getWorkflowStaticData');
  const context: CodeContext = {
    nodes,
    nodeNames: lookup.names(),
    workflow: { id: ctx.execution.workflowId, name: ctx.execution.workflowName, active: ctx.execution.trigger !== 'manual' },
    execution: { id: String(ctx.execution.id), mode: ctx.execution.trigger === 'manual' ? 'test' : 'production', resumeUrl: '' },
    runIndex: ctx.runIndex,
    parameters: ctx.node.parameters as JsonObject,
    vars: ctx.settings.variables,
    env: readableEnv(ctx.settings.code),
    envBlocked: ENV_BLOCKED,
    modules: ctx.settings.code.modules,
    binaryFiles,
    legacy,
  };
  if (previous) context.prevNode = { name: previous.name, outputIndex: 0, runIndex: 0 };
  if (ctx.settings.timezone) context.timezone = ctx.settings.timezone;
  if (usesStatic) context.staticData = { global: ctx.staticData.get('global'), node: ctx.staticData.get('node') };
  return context;
}


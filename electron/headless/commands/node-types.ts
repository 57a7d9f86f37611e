import type { Command } from 'commander';
import type { NodeTypeInfo } from '../../../shared/contract';
import { UsageError, type CliContext } from '../cli-context';
import { withHostClient } from '../host-client';
import { exampleNode } from '../workflows/example-node';

function table(types: NodeTypeInfo[]): string {
  const width = Math.max(...types.map((info) => info.type.length));
  const rows = types.map((info) => `${info.type.padEnd(width)}  ${info.version.padEnd(6)}  ${info.kind.padEnd(7)}  ${info.name}: ${info.description}`);
  return `${rows.join('\n')}\n\`echelon node-types show TYPE\` gives a type's parameters, outputs and an example node.\n`;
}

function details(info: NodeTypeInfo): string {
  const lines = [
    `${info.type} ${info.version} (${info.kind}${info.versions.length > 1 ? `; versions ${info.versions.join(', ')}` : ''})`,
    `${info.name}: ${info.description}`,
    `Inputs:  ${info.inputs.join(', ') || 'none (a trigger starts runs)'}`,
    `Outputs: ${info.outputs.join(', ')}${info.dynamicOutputs ? ' (more, depending on its parameters)' : ''}; any node can also route failures to "error" with "onError": "route"`,
  ];
  if (info.credentials.length > 0) lines.push(`Credentials (vault records): ${info.credentials.map((slot) => `${slot.name}${slot.required ? '' : ' (optional)'}: ${slot.description}`).join('; ')}`);
  if (info.integration) lines.push(`Authenticates with a connection of the "${info.integration}" integration: set "connection" to its id (\`echelon integrations list\`).`);
  lines.push(`Side effects: ${info.sideEffects ? `yes; after a crash mid-call it will ${info.recovery === 'retry' ? 'retry with the same Idempotency-Key' : info.recovery === 'wait' ? 'wait for a person' : 'fail'}` : 'none'}`);
  lines.push('Parameters (JSON Schema):', JSON.stringify(info.parameters, null, 2));
  lines.push('Example node (put it in "nodes", then fill in the <…> values):', JSON.stringify(exampleNode(info), null, 2));
  return `${lines.join('\n')}\n`;
}

/** The closest known types to a mistyped one, for "did you mean". */
function suggestions(types: NodeTypeInfo[], wanted: string): string[] {
  const needle = wanted.toLowerCase();
  return types.filter((info) => info.type.includes(needle) || needle.includes(info.type.split('.')[0]!)).map((info) => info.type).slice(0, 5);
}

export function registerNodeTypes(program: Command, ctx: CliContext): void {
  const nodeTypes = program.command('node-types').description('The node types a workflow can use: their parameters, outputs and examples');

  nodeTypes
    .command('list')
    .description('Every node type the canvas offers, newest version')
    .option('--json', 'print machine-readable JSON (with each type\'s parameter JSON Schema)')
    .action(async (options: { json?: boolean }) => {
      await withHostClient(ctx, {}, async (client) => {
        const types = await client.call('workflows.nodeTypes', {});
        if (options.json) ctx.printJson(types);
        else ctx.io.out(table(types));
      });
    });

  nodeTypes
    .command('show')
    .description('One node type: inputs, outputs, credentials, parameters as JSON Schema, and an example node')
    .argument('<type>', 'a node type, such as http-request.send')
    .option('--json', 'print machine-readable JSON (the type and its example node)')
    .action(async (type: string, options: { json?: boolean }) => {
      await withHostClient(ctx, {}, async (client) => {
        const types = await client.call('workflows.nodeTypes', {});
        const info = types.find((candidate) => candidate.type === type);
        if (!info) {
          const close = suggestions(types, type);
          throw new UsageError(`No node type "${type}".${close.length ? ` Did you mean ${close.join(', ')}?` : ''} \`echelon node-types list\` shows them all.`);
        }
        if (options.json) ctx.printJson({ ...info, example: exampleNode(info) });
        else ctx.io.out(details(info));
      });
    });
}

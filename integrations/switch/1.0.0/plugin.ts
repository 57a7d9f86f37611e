import type { z } from 'zod';
import { NodeError, type Item, type NodePlugin } from '../../../electron/main/services/engine/node-api';
import { evaluateConditions } from '../../../electron/main/services/engine/nodes/conditions';
import { switchOutputs, type SwitchParameters } from './manifest';

type Parameters = z.infer<typeof SwitchParameters>;

export const nodes: NodePlugin['nodes'] = {
  route: {
    run(ctx) {
      const outputs: Record<string, Item[]> = Object.fromEntries(switchOutputs(ctx.node.parameters).map((name) => [name, []]));
      ctx.input.forEach((item, index) => {
        const params = ctx.params<Parameters>(index);
        const routed: Item = { ...item, pairedItem: { item: index } };
        if (params.mode === 'expression') {
          const output = Number(params.output);
          if (!Number.isInteger(output) || output < 0 || output >= params.numberOutputs) {
            throw new NodeError(`The output index ${JSON.stringify(params.output)} (item ${index}) is not between 0 and ${params.numberOutputs - 1}.`, 'invalid_output', true);
          }
          outputs[String(output)]!.push(routed);
          return;
        }
        let matched = false;
        for (let rule = 0; rule < params.rules.length; rule++) {
          const conditions = params.looseTypeValidation
            ? { ...params.rules[rule]!.conditions, options: { ...params.rules[rule]!.conditions.options, typeValidation: 'loose' as const } }
            : params.rules[rule]!.conditions;
          if (!evaluateConditions(conditions, index)) continue;
          matched = true;
          outputs[String(rule)]!.push(routed);
          if (!params.allMatchingOutputs) break;
        }
        if (matched) return;
        if (params.fallbackOutput === 'extra') outputs.fallback!.push(routed);
        else if (typeof params.fallbackOutput === 'number') outputs[String(params.fallbackOutput)]?.push(routed);
      });
      return { outputs };
    },
  },
};

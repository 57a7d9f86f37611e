import type { JsonValue } from '../../../../../../shared/workflow/document';
import type { N8nNode } from '../import-n8n';
import type { MappedNode } from '../map-nodes';

/** What the mappers of n8n service nodes share: reading n8n's parameters, and the node they become. */

export interface MapContext {
  notes: string[];
}

export type Params = Record<string, JsonValue>;
export type Mapper = (node: N8nNode, params: Params, ctx: MapContext) => MappedNode | undefined;

const V = '1.0.0';
export const obj = (value: JsonValue | undefined): Params => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Params) : {});
export const list = (value: JsonValue | undefined): JsonValue[] => (Array.isArray(value) ? value : []);
export const str = (value: JsonValue | undefined, fallback = ''): string => (typeof value === 'string' ? value : value === undefined || value === null ? fallback : String(value));
export const version = (node: N8nNode) => node.typeVersion ?? 1;

/** A resource locator's value (`{ __rl, value, mode, cachedResultName }`), or the plain value. */
export function locator(value: JsonValue | undefined): { value: string; name?: string; mode?: string } {
  const rl = obj(value);
  if (!('__rl' in rl) && !('value' in rl)) return { value: str(value) };
  return { value: str(rl.value), name: typeof rl.cachedResultName === 'string' ? rl.cachedResultName : undefined, mode: str(rl.mode) };
}

/** An Echelon integration action for the node; the import notes the connection to choose. */
export function action(node: N8nNode, ctx: MapContext, plugin: string, name: string, actionId: string, parameters: Params, outputs: string[] = ['main']): MappedNode {
  ctx.notes.push(`"${node.name}" needs a ${name} connection: choose one on the node (create it in Integrations).`);
  return { type: `${plugin}.${actionId}`, version: V, parameters, outputs };
}

/** Item fields by name, as expressions. */
export const byName = (names: string[]): Params => Object.fromEntries(names.map((name) => [name, `{{ $json[${JSON.stringify(name)}] }}`]));
/** A list, or a comma-separated text, of names. */
export const names = (value: JsonValue | undefined): string[] => (Array.isArray(value) ? value.map((entry) => str(entry)) : str(value).split(',')).map((name) => name.trim()).filter(Boolean);

/** n8n's polling times (`pollTimes.item[0]`) as a trigger's poll schedule. */
export function pollSchedule(params: Params): Params {
  const time = obj(list(obj(params.pollTimes).item)[0]);
  switch (str(time.mode, 'everyMinute')) {
    case 'everyHour':
      return { every: 1, unit: 'hours' };
    case 'everyX':
      return { every: Math.max(1, Number(time.value ?? 1)), unit: str(time.unit, 'minutes') === 'hours' ? 'hours' : 'minutes' };
    case 'custom':
      return { cron: str(time.cronExpression, '0 * * * * *') };
    case 'everyDay':
      return { cron: `0 ${Number(time.minute ?? 0)} ${Number(time.hour ?? 14)} * * *` };
    default:
      return { every: 1, unit: 'minutes' };
  }
}

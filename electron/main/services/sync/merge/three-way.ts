/**
 * Three-way merge of JSON values: what changed on one side only is taken; what changed on both
 * sides to the same value is taken once; what changed on both sides differently is a conflict.
 * Objects merge key by key; arrays whose items have identities (a workflow's nodes by id, its
 * edges by their ends) merge item by item, so two people editing different nodes both win.
 * Pure: no I/O, no clocks.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The identity of an array's items at a path, or undefined for arrays merged as a whole. */
export type ArrayKey = (path: readonly string[]) => ((item: Json) => string) | undefined;

export interface MergeConflict {
  /** Object keys and, inside keyed arrays, item identities. */
  path: string[];
  base: Json | undefined;
  local: Json | undefined;
  remote: Json | undefined;
}

export interface MergeResult {
  /** The merged value, holding the local side wherever there is a conflict. */
  merged: Json | undefined;
  conflicts: MergeConflict[];
}

const isObject = (value: Json | undefined): value is { [key: string]: Json } => typeof value === 'object' && value !== null && !Array.isArray(value);

export function jsonEqual(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as Json[];
    return a.length === other.length && a.every((item, index) => jsonEqual(item, other[index]));
  }
  const left = a as { [key: string]: Json };
  const right = b as { [key: string]: Json };
  const keys = Object.keys(left).filter((key) => left[key] !== undefined);
  const otherKeys = Object.keys(right).filter((key) => right[key] !== undefined);
  return keys.length === otherKeys.length && keys.every((key) => jsonEqual(left[key], right[key]));
}

export function mergeJson(base: Json | undefined, local: Json | undefined, remote: Json | undefined, arrayKey: ArrayKey = () => undefined): MergeResult {
  const conflicts: MergeConflict[] = [];
  const merged = mergeAt([], base, local, remote, arrayKey, conflicts);
  return { merged, conflicts };
}

function mergeAt(path: string[], base: Json | undefined, local: Json | undefined, remote: Json | undefined, arrayKey: ArrayKey, conflicts: MergeConflict[]): Json | undefined {
  if (jsonEqual(local, remote)) return local;
  if (jsonEqual(base, local)) return remote;
  if (jsonEqual(base, remote)) return local;
  if (isObject(local) && isObject(remote) && (base === undefined || isObject(base))) {
    const result: { [key: string]: Json } = {};
    const keys = new Set([...Object.keys(local), ...Object.keys(remote), ...Object.keys(base ?? {})]);
    for (const key of keys) {
      const value = mergeAt([...path, key], base?.[key], local[key], remote[key], arrayKey, conflicts);
      if (value !== undefined) result[key] = value;
    }
    return result;
  }
  const key = arrayKey(path);
  if (key && Array.isArray(local) && Array.isArray(remote) && (base === undefined || Array.isArray(base))) {
    return mergeKeyedArray(path, base ?? [], local, remote, key, arrayKey, conflicts);
  }
  conflicts.push({ path, base, local, remote });
  return local;
}

function mergeKeyedArray(path: string[], base: Json[], local: Json[], remote: Json[], key: (item: Json) => string, arrayKey: ArrayKey, conflicts: MergeConflict[]): Json[] {
  const byKey = (items: Json[]) => new Map(items.map((item) => [key(item), item]));
  const [baseItems, localItems, remoteItems] = [byKey(base), byKey(local), byKey(remote)];
  // Local order first, then what only the remote side added, in its order.
  const order = [...localItems.keys(), ...[...remoteItems.keys()].filter((id) => !localItems.has(id))];
  const result: Json[] = [];
  for (const id of order) {
    const value = mergeAt([...path, id], baseItems.get(id), localItems.get(id), remoteItems.get(id), arrayKey, conflicts);
    if (value !== undefined) result.push(value);
  }
  return result;
}

/** The value at a path (keyed arrays resolved by identity), or undefined. */
export function valueAt(value: Json | undefined, path: readonly string[], arrayKey: ArrayKey = () => undefined): Json | undefined {
  let current = value;
  for (let index = 0; index < path.length; index++) {
    if (current === undefined || current === null || typeof current !== 'object') return undefined;
    const segment = path[index]!;
    if (Array.isArray(current)) {
      const key = arrayKey(path.slice(0, index));
      current = key ? current.find((item) => key(item) === segment) : current[Number(segment)];
    } else {
      current = current[segment];
    }
  }
  return current;
}

/** A copy of `value` with the path set (undefined removes it), creating keyed items as needed. */
export function withValueAt(value: Json | undefined, path: readonly string[], next: Json | undefined, arrayKey: ArrayKey = () => undefined, at: readonly string[] = []): Json | undefined {
  if (path.length === 0) return next;
  const [segment, ...rest] = path as [string, ...string[]];
  if (Array.isArray(value)) {
    const key = arrayKey(at);
    const index = key ? value.findIndex((item) => key(item) === segment) : Number(segment);
    const current = index >= 0 ? value[index] : undefined;
    const updated = withValueAt(current, rest, next, arrayKey, [...at, segment]);
    const copy = [...value];
    if (updated === undefined) {
      if (index >= 0) copy.splice(index, 1);
    } else if (index >= 0) copy[index] = updated;
    else copy.push(updated);
    return copy;
  }
  const object: { [key: string]: Json } = isObject(value) ? { ...value } : {};
  const updated = withValueAt(object[segment], rest, next, arrayKey, [...at, segment]);
  if (updated === undefined) delete object[segment];
  else object[segment] = updated;
  return object;
}

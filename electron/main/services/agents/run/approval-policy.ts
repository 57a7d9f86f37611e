import type { ApprovalPolicy, ApprovalRule } from '../../../../../shared/contract';

/** The value at a dotted path (`options.force`, `items.0.id`), or undefined. */
function valueAt(args: unknown, path: string): unknown {
  let current = args;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** `*` matches any run of characters; everything else is literal. Linear in the text, whatever the pattern. */
export function globMatches(pattern: string, text: string): boolean {
  const parts = pattern.split('*');
  if (parts.length === 1) return pattern === text;
  const first = parts[0]!;
  const last = parts.at(-1)!;
  if (!text.startsWith(first) || !text.endsWith(last) || text.length < first.length + last.length) return false;
  let at = first.length;
  const end = text.length - last.length;
  for (const middle of parts.slice(1, -1)) {
    const found = text.indexOf(middle, at);
    if (found < 0 || found + middle.length > end) return false;
    at = found + middle.length;
  }
  return true;
}

const asText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value) ?? '');

export function ruleMatches(rule: ApprovalRule, args: unknown): boolean {
  const value = valueAt(args, rule.argument);
  switch (rule.operator) {
    case 'exists':
      return value !== undefined && value !== null;
    case 'equals':
      return value !== undefined && (value === rule.value || asText(value) === String(rule.value));
    case 'notEquals':
      return value === undefined || (value !== rule.value && asText(value) !== String(rule.value));
    case 'contains':
      return value !== undefined && asText(value).includes(String(rule.value ?? ''));
    case 'startsWith':
      return value !== undefined && asText(value).startsWith(String(rule.value ?? ''));
    case 'glob':
      return value !== undefined && globMatches(String(rule.value ?? '*'), asText(value));
    case 'greaterThan':
      return typeof value === 'number' && value > Number(rule.value);
    case 'lessThan':
      return typeof value === 'number' && value < Number(rule.value);
  }
}

/** Whether a call with these arguments waits for a person. */
export function needsApproval(policy: ApprovalPolicy, args: unknown): boolean {
  if (policy.mode === 'always') return true;
  if (policy.mode === 'never') return false;
  return policy.rules.some((rule) => ruleMatches(rule, args));
}

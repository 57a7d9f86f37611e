import { DateTime } from 'luxon';
import { z } from 'zod';
import { NodeError } from '../node-api';
import { SafeRegExp } from '../expressions/safe-regexp';

/**
 * Conditions as n8n's If (v2), Switch (v3) and Filter write them, so imported workflows keep
 * their parameters as they are: `{ combinator, conditions: [{ leftValue, rightValue,
 * operator: { type, operation } }], options: { caseSensitive, typeValidation } }`.
 */

export const OperatorType = z.enum(['string', 'number', 'boolean', 'dateTime', 'array', 'object', 'any']);

export const Condition = z.looseObject({
  id: z.string().optional(),
  leftValue: z.unknown().optional(),
  rightValue: z.unknown().optional(),
  operator: z.looseObject({
    type: OperatorType,
    operation: z.string().min(1),
    rightType: OperatorType.optional(),
    singleValue: z.boolean().optional(),
  }),
});
export type Condition = z.infer<typeof Condition>;

export const Conditions = z.looseObject({
  options: z
    .looseObject({
      caseSensitive: z.boolean().default(true),
      typeValidation: z.enum(['strict', 'loose']).default('strict'),
    })
    .default({ caseSensitive: true, typeValidation: 'strict' }),
  conditions: z.array(Condition).default([]),
  combinator: z.enum(['and', 'or']).default('and'),
});
export type Conditions = z.infer<typeof Conditions>;

type Type = z.infer<typeof OperatorType>;

function typeName(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value;
}

/** Checks (strict) or converts (loose) a value to the comparison's type. */
function coerce(value: unknown, type: Type, strict: boolean, where: string): unknown {
  if (type === 'any' || value === null || value === undefined) return value;
  switch (type) {
    case 'string':
      if (typeof value === 'string') return value;
      if (!strict) return typeof value === 'object' ? JSON.stringify(value) : String(value);
      break;
    case 'number':
      if (typeof value === 'number') return value;
      if (!strict) {
        if (typeof value === 'string' && value.trim() === '') return null;
        const number = Number(value);
        if (!Number.isNaN(number)) return number;
      }
      break;
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (!strict) {
        if (value === 'true' || value === '1' || value === 1) return true;
        if (value === 'false' || value === '0' || value === 0 || value === '') return false;
        return Boolean(value);
      }
      break;
    case 'dateTime': {
      if (value instanceof DateTime) return value;
      if (value instanceof Date) return DateTime.fromJSDate(value);
      if (typeof value === 'string') {
        const parsed = DateTime.fromISO(value, { setZone: true });
        if (parsed.isValid) return parsed;
      }
      if (typeof value === 'number' && !strict) return DateTime.fromMillis(value);
      break;
    }
    case 'array':
      if (Array.isArray(value)) return value;
      if (!strict && typeof value === 'string') {
        try {
          const parsed = JSON.parse(value) as unknown;
          if (Array.isArray(parsed)) return parsed;
        } catch {
          // Not JSON: reported below.
        }
      }
      break;
    case 'object':
      if (typeof value === 'object' && !Array.isArray(value)) return value;
      break;
  }
  const hint = strict ? ' (set the comparison to loose type validation to convert it)' : '';
  throw new NodeError(`Wrong type: ${JSON.stringify(value)?.slice(0, 80)} is ${typeName(value)}, but the comparison expects ${type} ${where}${hint}`, 'wrong_type', true);
}

/** The pattern on RE2 (linear time, whatever the data): a pattern it cannot run fails the step, saying why. */
function regex(pattern: string, ignoreCase: boolean): SafeRegExp {
  const match = /^\/(.*?)\/([gimusy]*)$/.exec(pattern);
  const flags = (match ? match[2]! : '') + (ignoreCase && !(match?.[2] ?? '').includes('i') ? 'i' : '');
  try {
    return new SafeRegExp(match ? match[1]! : pattern, flags.replace(/[gy]/g, ''));
  } catch (error) {
    throw new NodeError((error as Error).message, 'invalid_parameters', true);
  }
}

function arrayContains(list: unknown[], value: unknown, ignoreCase: boolean): boolean {
  if (ignoreCase && typeof value === 'string') return list.some((item) => typeof item === 'string' && item.toLocaleLowerCase() === value.toLocaleLowerCase());
  return list.includes(value);
}

export function evaluateCondition(condition: Condition, options: Conditions['options'], where: string): boolean {
  const { operator } = condition;
  const strict = options.typeValidation === 'strict';
  const ignoreCase = !options.caseSensitive;
  let left = coerce(condition.leftValue, operator.type, strict, `(left value ${where})`);
  const singleValue = operator.singleValue || ['exists', 'notExists', 'empty', 'notEmpty', 'true', 'false'].includes(operator.operation);
  let right = singleValue ? undefined : coerce(condition.rightValue, operator.rightType ?? operator.type, strict, `(right value ${where})`);
  const exists = left !== undefined && left !== null && !Number.isNaN(left);
  if (operator.operation === 'exists') return exists;
  if (operator.operation === 'notExists') return !exists;

  switch (operator.type) {
    case 'string': {
      const isRegex = operator.operation === 'regex' || operator.operation === 'notRegex';
      if (ignoreCase && !isRegex) {
        if (typeof left === 'string') left = left.toLocaleLowerCase();
        if (typeof right === 'string') right = right.toLocaleLowerCase();
      }
      const l = (left ?? '') as string;
      const r = (right ?? '') as string;
      switch (operator.operation) {
        case 'empty':
          return l.length === 0;
        case 'notEmpty':
          return l.length !== 0;
        case 'equals':
          return l === r;
        case 'notEquals':
          return l !== r;
        case 'contains':
          return l.includes(r);
        case 'notContains':
          return !l.includes(r);
        case 'startsWith':
          return l.startsWith(r);
        case 'notStartsWith':
          return !l.startsWith(r);
        case 'endsWith':
          return l.endsWith(r);
        case 'notEndsWith':
          return !l.endsWith(r);
        case 'regex':
          return regex(r, ignoreCase).test(l);
        case 'notRegex':
          return !regex(r, ignoreCase).test(l);
      }
      break;
    }
    case 'number': {
      const l = left as number;
      const r = right as number;
      switch (operator.operation) {
        case 'empty':
          return !exists;
        case 'notEmpty':
          return exists;
        case 'equals':
          return l === r;
        case 'notEquals':
          return l !== r;
        case 'gt':
          return l > r;
        case 'lt':
          return l < r;
        case 'gte':
          return l >= r;
        case 'lte':
          return l <= r;
      }
      break;
    }
    case 'dateTime': {
      if (operator.operation === 'empty') return !exists;
      if (operator.operation === 'notEmpty') return exists;
      const l = left as DateTime | undefined;
      const r = right as DateTime | undefined;
      if (!l || !r) return false;
      switch (operator.operation) {
        case 'equals':
          return l.toMillis() === r.toMillis();
        case 'notEquals':
          return l.toMillis() !== r.toMillis();
        case 'after':
          return l.toMillis() > r.toMillis();
        case 'before':
          return l.toMillis() < r.toMillis();
        case 'afterOrEquals':
          return l.toMillis() >= r.toMillis();
        case 'beforeOrEquals':
          return l.toMillis() <= r.toMillis();
      }
      break;
    }
    case 'boolean': {
      switch (operator.operation) {
        case 'empty':
          return !exists;
        case 'notEmpty':
          return exists;
        case 'true':
          return left === true;
        case 'false':
          return left === false;
        case 'equals':
          return left === right;
        case 'notEquals':
          return left !== right;
      }
      break;
    }
    case 'array': {
      const l = (left ?? []) as unknown[];
      const n = right as number;
      switch (operator.operation) {
        case 'contains':
          return arrayContains(l, right, ignoreCase);
        case 'notContains':
          return !arrayContains(l, right, ignoreCase);
        case 'lengthEquals':
          return l.length === n;
        case 'lengthNotEquals':
          return l.length !== n;
        case 'lengthGt':
          return l.length > n;
        case 'lengthLt':
          return l.length < n;
        case 'lengthGte':
          return l.length >= n;
        case 'lengthLte':
          return l.length <= n;
        case 'empty':
          return l.length === 0;
        case 'notEmpty':
          return l.length !== 0;
      }
      break;
    }
    case 'object': {
      if (operator.operation === 'empty') return !left || Object.keys(left as object).length === 0;
      if (operator.operation === 'notEmpty') return !!left && Object.keys(left as object).length !== 0;
      break;
    }
  }
  throw new NodeError(`Unknown comparison "${operator.type}:${operator.operation}" ${where}`, 'unknown_operator', true);
}

/** All conditions joined by the combinator; an empty list passes. */
export function evaluateConditions(value: Conditions, itemIndex: number): boolean {
  const check = (condition: Condition, index: number) => evaluateCondition(condition, value.options, `[condition ${index}, item ${itemIndex}]`);
  return value.combinator === 'or' ? value.conditions.some(check) : value.conditions.every(check);
}

import { EchelonError } from '../../../../../shared/contract/errors';
import { compileExpression, ExpressionError, stringify, type CompiledExpression, type ExpressionScope } from './compile';

/**
 * Parameters hold `{{ ... }}` expressions anywhere in their strings. A string that is exactly
 * one expression keeps the value's type (a number stays a number); otherwise the values are
 * written into the text. Trees of parameters are compiled once per workflow version, and a
 * subtree with no expression is handed back as is, so static parameters cost nothing per item.
 */

export type Segment = { text: string } | { expression: CompiledExpression };

export interface TemplateProblem {
  /** Dotted path below the template's root. */
  path: string;
  message: string;
}

export interface Template {
  readonly isStatic: boolean;
  evaluate(scope: ExpressionScope): unknown;
  /** Every expression in it, for validation (secret references, names). */
  readonly expressions: readonly CompiledExpression[];
}

const OPEN = '{{';
const CLOSE = '}}';

export function hasExpression(text: string): boolean {
  return text.includes(OPEN);
}

/** Splits a text into literal parts and expressions; throws ExpressionError for one that does not parse. */
export function splitTemplate(text: string): Segment[] {
  const segments: Segment[] = [];
  let position = 0;
  while (position < text.length) {
    const open = text.indexOf(OPEN, position);
    if (open < 0) break;
    if (open > position) segments.push({ text: text.slice(position, open) });
    // An expression may itself contain "}}" (an object literal): take the first close that parses.
    let close = text.indexOf(CLOSE, open + OPEN.length);
    let compiled: CompiledExpression | undefined;
    let lastError: ExpressionError | undefined;
    while (close >= 0) {
      const source = text.slice(open + OPEN.length, close).trim();
      try {
        if (source === '') throw new ExpressionError('is empty');
        compiled = compileExpression(source);
        break;
      } catch (error) {
        if (!(error instanceof ExpressionError)) throw error;
        lastError = error;
        close = text.indexOf(CLOSE, close + 1);
      }
    }
    if (!compiled) {
      if (lastError) throw new ExpressionError(`{{ ${text.slice(open + OPEN.length, text.indexOf(CLOSE, open) >= 0 ? text.indexOf(CLOSE, open) : undefined).trim()} }} ${lastError.message}`);
      throw new ExpressionError(`"{{" at ${open} is never closed with "}}"`);
    }
    segments.push({ expression: compiled });
    position = close + CLOSE.length;
  }
  if (position < text.length) segments.push({ text: text.slice(position) });
  return segments;
}

const staticTemplate = (value: unknown): Template => ({ isStatic: true, evaluate: () => value, expressions: [] });

/** Compiles a parameter value; problems (with their paths) are collected, not thrown, when `problems` is given. */
export function compileTemplate(value: unknown, problems?: TemplateProblem[], path = ''): Template {
  if (typeof value === 'string') return compileString(value, problems, path);
  if (Array.isArray(value)) {
    const children = value.map((item, index) => compileTemplate(item, problems, join(path, String(index))));
    if (children.every((child) => child.isStatic)) return staticTemplate(value);
    return {
      isStatic: false,
      expressions: children.flatMap((child) => child.expressions),
      evaluate: (scope) => children.map((child) => child.evaluate(scope)),
    };
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([key, item]) => [key, compileTemplate(item, problems, join(path, key))] as const);
    if (entries.every(([, child]) => child.isStatic)) return staticTemplate(value);
    return {
      isStatic: false,
      expressions: entries.flatMap(([, child]) => child.expressions),
      evaluate: (scope) => {
        const result: Record<string, unknown> = {};
        for (const [key, child] of entries) result[key] = child.evaluate(scope);
        return result;
      },
    };
  }
  return staticTemplate(value);
}

function compileString(text: string, problems: TemplateProblem[] | undefined, path: string): Template {
  if (!hasExpression(text)) return staticTemplate(text);
  let segments: Segment[];
  try {
    segments = splitTemplate(text);
  } catch (error) {
    if (!(error instanceof ExpressionError) || !problems) throw error;
    problems.push({ path, message: `Expression ${error.message}` });
    return staticTemplate(text);
  }
  const expressions = segments.flatMap((segment) => ('expression' in segment ? [segment.expression] : []));
  if (segments.length === 1 && 'expression' in segments[0]!) {
    const only = segments[0].expression;
    // Surrounding blanks do not turn a typed value into text.
    return { isStatic: false, expressions, evaluate: (scope) => evaluateOne(only, scope) };
  }
  if (segments.length === 2 || segments.length === 3) {
    const blank = segments.every((segment) => 'expression' in segment || segment.text.trim() === '');
    const only = expressions.length === 1 ? expressions[0]! : undefined;
    if (blank && only) return { isStatic: false, expressions, evaluate: (scope) => evaluateOne(only, scope) };
  }
  return {
    isStatic: false,
    expressions,
    evaluate: (scope) => {
      let result = '';
      for (const segment of segments) result += 'text' in segment ? segment.text : stringify(evaluateOne(segment.expression, scope));
      return result;
    },
  };
}

function evaluateOne(expression: CompiledExpression, scope: ExpressionScope): unknown {
  try {
    const value = expression.evaluate(scope);
    if (expression.secrets.length > 0) scope.tainted?.(value, expression);
    return value;
  } catch (error) {
    // Vault errors (locked, unknown record) keep their code: they say what to do.
    if (error instanceof EchelonError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new ExpressionError(`{{ ${expression.source} }} failed: ${reason}`);
  }
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

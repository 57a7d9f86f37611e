/** A line naming an error: `Error: Cannot find module …`, `ModuleNotFoundError: …`, `fatal: …`. */
const ERROR_LINE = /^\s*(?:Uncaught\s+)?(?:[A-Za-z_$][\w$.]*(?:Error|Exception)(?:\s*\[[\w-]+\])?:|(?:error|fatal|panic)(?:\[\w+\])?:)/i;

/** Lines that never say what went wrong: stack frames, Node's source excerpt and banner, the error object's fields. */
const NOISE = [
  /^\s+at\s/,
  /^\s*\^+\s*$/,
  /^\s*throw\s/,
  /^Node\.js v\d/,
  /^node:internal\//,
  /^\s*[{}[\]]+,?\s*$/,
  /^\s+\w+: /,
  /^Traceback \(most recent call last\):/,
  /^\s+File ".*", line \d+/,
];

/**
 * The line of a server's stderr that says why it failed: the first error line (the error, not
 * the tail of its stack), else the first line that is not stack or banner noise.
 */
export function stderrCause(lines: readonly string[]): string | undefined {
  const error = lines.find((line) => ERROR_LINE.test(line));
  if (error) return error.trim();
  return lines.find((line) => line.trim() !== '' && !NOISE.some((pattern) => pattern.test(line)))?.trim();
}

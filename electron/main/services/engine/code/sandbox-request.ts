import type { CodeContext, CodeRequest } from '../node-api';
import { ENV_BLOCKED, SANDBOX_MODULES } from './code-settings';

/** What a Code step sees when the step gives no context (a bare sandbox run). */
const NO_CONTEXT: CodeContext = {
  nodes: {},
  nodeNames: [],
  workflow: { id: '', name: '', active: false },
  execution: { id: '', mode: 'test', resumeUrl: '' },
  runIndex: 0,
  parameters: {},
  vars: {},
  envBlocked: ENV_BLOCKED,
  modules: SANDBOX_MODULES,
  binaryFiles: {},
};

/** luxon costs a few milliseconds to load into a context: only code that may use it gets it. */
export function usesLuxon(code: string): boolean {
  return /DateTime|Duration|Interval|\$now|\$today|luxon/.test(code);
}

/** The request as the guest reads it (sandbox-guest.mjs `run`). */
export function sandboxRequestJson(request: CodeRequest): string {
  return JSON.stringify({
    ...(request.context ?? NO_CONTEXT),
    code: request.code,
    mode: request.mode,
    // A synchronous body is cheaper per item; code that awaits needs an async one.
    isAsync: /\bawait\b/.test(request.code),
    items: request.items,
    continueOnFail: request.continueOnFail === true,
  });
}

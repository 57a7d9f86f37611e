import { randomBytes } from 'node:crypto';

/** A new workflow's id: short, URL-safe, and unlikely to meet another Echelon's. */
export function newWorkflowId(): string {
  return `wf-${randomBytes(6).toString('hex')}`;
}

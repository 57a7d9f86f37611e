import { z } from 'zod';
import { method } from './define';

/**
 * A canvas draft: the document as the person left it, possibly unfinished (that is why it is
 * not checked against the workflow schema here), and the saved version it started from.
 */
export const Draft = z.object({
  workflowId: z.string(),
  document: z.record(z.string(), z.unknown()),
  baseVersion: z.number().int().min(0),
  updatedAt: z.string(),
});
export type Draft = z.infer<typeof Draft>;

const WorkflowId = z.string().min(1).max(64);

export const draftsMethods = {
  'drafts.get': method({
    description: 'The autosaved draft of a workflow, if there is one.',
    input: z.object({ workflowId: WorkflowId }).strict(),
    output: Draft.nullable(),
    reads: ['workflow_drafts'],
  }),
  'drafts.save': method({
    description: 'Autosaves the canvas document of a workflow (no new version).',
    input: z.object({ workflowId: WorkflowId, document: z.record(z.string(), z.unknown()), baseVersion: z.number().int().min(0) }).strict(),
    output: z.object({ updatedAt: z.string() }),
  }),
  'drafts.discard': method({
    description: 'Drops the draft, after saving a version or to go back to the saved one.',
    input: z.object({ workflowId: WorkflowId }).strict(),
    output: z.object({ discarded: z.boolean() }),
  }),
};

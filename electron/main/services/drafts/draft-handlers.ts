import { EchelonError } from '../../../../shared/contract/errors';
import type { Handlers } from '../../../../shared/rpc/router';
import { MAX_DRAFT_BYTES, type DraftRepository } from './draft-repository';

export function draftHandlers(drafts: DraftRepository): Pick<Handlers, 'drafts.get' | 'drafts.save' | 'drafts.discard'> {
  return {
    'drafts.get': ({ workflowId }) => drafts.get(workflowId),
    'drafts.save': ({ workflowId, document, baseVersion }) => {
      const text = JSON.stringify(document);
      if (text.length > MAX_DRAFT_BYTES) {
        throw new EchelonError('invalid_input', `This draft is ${(text.length / 1024 / 1024).toFixed(1)} MB; drafts are limited to 10 MB. Move large data out of node parameters.`, { path: 'document' });
      }
      try {
        return { updatedAt: drafts.save(workflowId, text, baseVersion) };
      } catch (error) {
        if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
          throw new EchelonError('not_found', `There is no workflow "${workflowId}" to keep a draft of: it may have been deleted.`, { path: 'workflowId' });
        }
        throw error;
      }
    },
    'drafts.discard': ({ workflowId }) => ({ discarded: drafts.discard(workflowId) }),
  };
}

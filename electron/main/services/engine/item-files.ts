import type { ActionFiles } from '../../../../shared/integrations/action-files';
import type { BinaryRef, NodeContext } from './node-api';

/**
 * The binary data an integration action sees for one item: the item's own payload files to
 * read, and new ones it writes, which become the output item's binary properties.
 */
export function itemFiles(ctx: NodeContext, index: number): { files: ActionFiles; produced: Record<string, BinaryRef> } {
  const produced: Record<string, BinaryRef> = {};
  return {
    produced,
    files: {
      input: (property) => ctx.input[index]?.binary?.[property],
      localPath: (ref) => ctx.services.binaryPath(ref),
      create: (property, details) => {
        const file = ctx.services.createBinary(details.mimeType, details.fileName);
        return { path: file.path, done: () => (produced[property] = file.done()) };
      },
    },
  };
}

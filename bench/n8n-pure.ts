import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Which n8n workflows are "pure": only nodes that need no outside service, started by hand. */

const PURE_TYPES = new Set(
  [
    'manualTrigger', 'start', 'set', 'code', 'function', 'functionItem', 'if', 'switch', 'merge', 'noOp', 'splitInBatches', 'filter', 'sort',
    'limit', 'aggregate', 'splitOut', 'itemLists', 'removeDuplicates', 'summarize', 'renameKeys', 'dateTime', 'crypto', 'xml', 'html',
    'markdown', 'compareDatasets', 'stopAndError', 'stickyNote', 'executeWorkflowTrigger', 'wait',
  ].map((name) => `n8n-nodes-base.${name}`),
);
const MANUAL = new Set(['n8n-nodes-base.manualTrigger', 'n8n-nodes-base.start']);

export function isPureWorkflow(nodes: ReadonlyArray<{ type: string; credentials?: unknown }>): boolean {
  return nodes.every((node) => PURE_TYPES.has(node.type) && !node.credentials) && nodes.some((node) => MANUAL.has(node.type));
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The corpus beside the repository (../shared/n8n-corpus, or ECHELON_N8N_CORPUS); a worktree sits one level deeper than the main checkout. */
export function corpusDir(): string | undefined {
  const candidates = [process.env.ECHELON_N8N_CORPUS, path.resolve(ROOT, '../shared/n8n-corpus'), path.resolve(ROOT, '../../shared/n8n-corpus')];
  return candidates.find((dir) => dir && fs.existsSync(path.join(dir, 'files')));
}

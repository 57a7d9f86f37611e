import type { WorkflowNode } from '../../../shared/workflow/document';
import type { CanvasNodeType } from './canvas-types';

const UNSUPPORTED = 'n8n.unsupported';

/** "n8n-nodes-base.googleSheets" → "Google Sheets". */
function humanize(type: string): string {
  const last = type.split('.').pop() ?? type;
  const words = last.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * What a node is, in words, under its name: the type's name ("HTTP request"), or its
 * category when the node is named after its type; never an internal id.
 */
export function nodeSubtitle(node: WorkflowNode, nodeType: CanvasNodeType | undefined): string {
  if (node.type === UNSUPPORTED) {
    const original = typeof node.parameters.n8nType === 'string' ? node.parameters.n8nType : '';
    return original ? `Not supported: ${humanize(original)} (n8n)` : 'Not supported';
  }
  if (!nodeType) return 'Node type not installed';
  if (nodeType.name.trim().toLowerCase() !== node.name.trim().toLowerCase()) return nodeType.name;
  return nodeType.kind === 'trigger' ? 'Trigger' : nodeType.category;
}

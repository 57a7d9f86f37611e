import type { JsonValue } from '../../../../shared/workflow/document';
import type { Item, JsonObject } from '../engine/node-api';
import type { RagDocument } from './documents';

/**
 * The retrieval side of n8n's chains: documents found for a question become the `{context}`
 * of the prompt ("stuffed", joined by blank lines), and a workflow's output items become
 * documents the way n8n's Workflow Retriever writes them.
 */

/** LangChain's f-string templates: `{name}` is replaced, `{{` and `}}` are literal braces. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (match, name: string | undefined) => {
    if (match === '{{') return '{';
    if (match === '}}') return '}';
    return name !== undefined && name in values ? values[name]! : match;
  });
}

export const stuffDocuments = (documents: RagDocument[]) => documents.map((document) => document.pageContent).join('\n\n');

function outline(value: JsonObject, level = 0): string {
  let text = '';
  for (const [key, entry] of Object.entries(value)) {
    if (entry !== null && typeof entry === 'object') text += `${'  '.repeat(level)}- "${key}":\n${outline(entry as JsonObject, level + 1)}`;
    else text += `${'  '.repeat(level)}- "${key}": "${String(entry as JsonValue)}"\n`;
  }
  return text;
}

/** A retriever workflow's output items as documents, numbered "### 1. Context data:" as in n8n. */
export function workflowDocuments(items: Item[], workflowId: string): RagDocument[] {
  return items.map((item, index) => ({
    pageContent: `### ${index + 1}. Context data:\n${outline(item.json)}`,
    metadata: { source: 'workflow', workflowSource: 'database', workflowId, itemIndex: index },
  }));
}

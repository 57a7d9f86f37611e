import { NOTE_TYPE, type JsonValue, type NoteParameters, type WorkflowNode } from '../../../../../shared/workflow/document';
import type { N8nNode } from './import-n8n';

/** n8n's default sticky size, used when an export leaves it out. */
const DEFAULT_SIZE = { width: 240, height: 160 };

/** An n8n sticky note becomes a note in the document: same text, size and colour, never run. */
export function noteFromSticky(sticky: N8nNode, id: string, position: { x: number; y: number }, scale: { x: number; y: number }): WorkflowNode {
  const parameters = sticky.parameters ?? {};
  const size = (value: unknown, fallback: number, factor: number) => Math.round((typeof value === 'number' && value > 0 ? value : fallback) * factor);
  const note: NoteParameters = {
    text: typeof parameters.content === 'string' ? parameters.content : '',
    width: Math.min(10_000, size(parameters.width, DEFAULT_SIZE.width, scale.x)),
    height: Math.min(10_000, size(parameters.height, DEFAULT_SIZE.height, scale.y)),
  };
  if (typeof parameters.color === 'number' || typeof parameters.color === 'string') note.color = parameters.color;
  return { id, type: NOTE_TYPE, typeVersion: '1.0.0', name: sticky.name, position, parameters: note as Record<string, JsonValue> };
}

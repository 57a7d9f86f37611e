import type { JsonValue, WorkflowDocument } from '../../../shared/workflow/document';

/** A sticky note on the canvas, kept in the document's `meta.stickyNotes` (the engine never reads it). */
export interface StickyNote {
  id: string;
  content: string;
  position: { x: number; y: number };
  width: number;
  height: number;
  color?: number;
}

const DEFAULT_SIZE = { width: 260, height: 160 };

function asNote(value: JsonValue, index: number): StickyNote | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const raw = value as Record<string, JsonValue>;
  const position = raw.position;
  // Notes imported from n8n before positions were scaled kept its [x, y] pair.
  const at = Array.isArray(position)
    ? { x: Number(position[0]) * 1.4, y: Number(position[1]) * 1.2 }
    : position && typeof position === 'object'
      ? { x: Number((position as Record<string, JsonValue>).x), y: Number((position as Record<string, JsonValue>).y) }
      : { x: 0, y: 0 };
  return {
    id: typeof raw.id === 'string' ? raw.id : `note-${index}`,
    content: typeof raw.content === 'string' ? raw.content : '',
    position: { x: Number.isFinite(at.x) ? at.x : 0, y: Number.isFinite(at.y) ? at.y : 0 },
    width: typeof raw.width === 'number' && raw.width > 40 ? raw.width : DEFAULT_SIZE.width,
    height: typeof raw.height === 'number' && raw.height > 40 ? raw.height : DEFAULT_SIZE.height,
    ...(typeof raw.color === 'number' ? { color: raw.color } : {}),
  };
}

export function stickyNotes(document: WorkflowDocument): StickyNote[] {
  const list = document.meta?.stickyNotes;
  if (!Array.isArray(list)) return [];
  return list.map(asNote).filter((note): note is StickyNote => note !== undefined);
}

export function withStickyNotes(document: WorkflowDocument, notes: readonly StickyNote[]): WorkflowDocument {
  const meta = { ...(document.meta ?? {}) };
  if (notes.length === 0) delete meta.stickyNotes;
  else meta.stickyNotes = notes.map((note) => ({ ...note, position: { x: Math.round(note.position.x), y: Math.round(note.position.y) } })) as unknown as JsonValue;
  return { ...document, meta };
}

export function newStickyNote(position: { x: number; y: number }): StickyNote {
  return { id: `note-${crypto.randomUUID().slice(0, 8)}`, content: '', position, ...DEFAULT_SIZE };
}

export const STICKY_PREFIX = 'sticky:';

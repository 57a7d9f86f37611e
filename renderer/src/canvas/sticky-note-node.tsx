import { NodeResizer, type Node, type NodeProps } from '@xyflow/react';
import { memo, useState } from 'react';
import type { StickyNote } from './sticky-notes';

export interface StickyNodeData extends Record<string, unknown> {
  note: StickyNote;
  onEdit(id: string, content: string): void;
  readOnly: boolean;
}

export type StickyFlowNode = Node<StickyNodeData, 'sticky'>;

/** A sticky note: text that explains part of the workflow. Double-click to edit, drag a corner to resize. */
function StickyNoteView({ data, selected }: NodeProps<StickyFlowNode>) {
  const { note, onEdit, readOnly } = data;
  const [editing, setEditing] = useState(false);
  return (
    <div className={`sticky-note${selected ? ' selected' : ''}`} data-testid="sticky-note" data-note-id={note.id} onDoubleClick={() => !readOnly && setEditing(true)}>
      {!readOnly && <NodeResizer isVisible={selected} minWidth={120} minHeight={60} lineClassName="sticky-resize-line" handleClassName="sticky-resize-handle" />}
      {editing ? (
        <textarea
          className="sticky-editor nodrag nowheel"
          defaultValue={note.content}
          aria-label="Note text"
          autoFocus
          onBlur={(event) => {
            setEditing(false);
            if (event.target.value !== note.content) onEdit(note.id, event.target.value);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Escape') (event.target as HTMLTextAreaElement).blur();
            event.stopPropagation();
          }}
        />
      ) : (
        <div className="sticky-text">{note.content || <span className="muted">Double-click to write a note</span>}</div>
      )}
    </div>
  );
}

export const StickyNoteComponent = memo(StickyNoteView);

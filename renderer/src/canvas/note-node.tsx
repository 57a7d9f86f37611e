import type { WorkflowNode } from '../../../shared/workflow/document';

/** A sticky note (imported from n8n): its text at its size, never connected or run. */
export function NoteView({ node, selected }: { node: WorkflowNode; selected: boolean }) {
  const parameters = node.parameters as { text?: string; width?: number; height?: number };
  return (
    <div className={selected ? 'flow-note selected' : 'flow-note'} data-testid={`canvas-note-${node.name}`} style={{ width: parameters.width ?? 240, minHeight: parameters.height ?? 160 }}>
      {parameters.text ?? ''}
    </div>
  );
}

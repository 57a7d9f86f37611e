import { useEffect, useRef, type RefObject } from 'react';
import type { WorkflowDocument } from '../../../shared/workflow/document';
import { showToast } from '../components/toasts';
import { copySelection, parseClip, pasteClip } from './clipboard';
import { removeNodes } from './document-edits';
import { newNodeId } from './node-defaults';
import { STICKY_PREFIX, stickyNotes, withStickyNotes } from './sticky-notes';

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/**
 * Copy, cut and paste of nodes through the system clipboard, as JSON: the page's own copy and
 * paste events, so no permission prompt, and it works between workflows, windows and apps.
 */
export function useCanvasClipboard(options: {
  document: WorkflowDocument;
  selection: ReadonlySet<string>;
  readOnly: boolean;
  pointer: RefObject<{ x: number; y: number } | undefined>;
  change(document: WorkflowDocument, label: string): void;
  select(selection: Set<string>): void;
}): void {
  const latest = useRef(options);
  useEffect(() => {
    latest.current = options;
  });
  useEffect(() => {
    const split = (selection: ReadonlySet<string>) => ({
      nodes: new Set([...selection].filter((id) => !id.startsWith(STICKY_PREFIX))),
      notes: new Set([...selection].filter((id) => id.startsWith(STICKY_PREFIX)).map((id) => id.slice(STICKY_PREFIX.length))),
    });
    const copy = (event: ClipboardEvent, cut: boolean) => {
      const { document, selection, readOnly, change, select } = latest.current;
      if (isTyping(event.target) || selection.size === 0 || !event.clipboardData) return;
      const { nodes, notes } = split(selection);
      event.clipboardData.setData('text/plain', JSON.stringify(copySelection(document, nodes, notes), null, 2));
      event.preventDefault();
      if (cut && !readOnly) {
        change(withStickyNotes(removeNodes(document, nodes), stickyNotes(document).filter((note) => !notes.has(note.id))), 'Cut');
        select(new Set());
      }
    };
    const onCopy = (event: ClipboardEvent) => copy(event, false);
    const onCut = (event: ClipboardEvent) => copy(event, true);
    const onPaste = (event: ClipboardEvent) => {
      const { document, readOnly, pointer, change, select } = latest.current;
      if (readOnly || isTyping(event.target)) return;
      const text = event.clipboardData?.getData('text/plain');
      if (!text) return;
      const { clip, error } = parseClip(text);
      if (error) showToast({ kind: 'error', title: 'Nothing pasted', detail: error });
      if (!clip) return;
      event.preventDefault();
      const result = pasteClip(document, clip, newNodeId, pointer.current);
      change(result.document, clip.nodes.length === 1 ? 'Paste node' : `Paste ${clip.nodes.length} nodes`);
      select(new Set(result.created));
    };
    window.addEventListener('copy', onCopy);
    window.addEventListener('cut', onCut);
    window.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('copy', onCopy);
      window.removeEventListener('cut', onCut);
      window.removeEventListener('paste', onPaste);
    };
  }, []);
}

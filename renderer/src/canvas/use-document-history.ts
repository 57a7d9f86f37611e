import { useCallback, useState } from 'react';
import type { WorkflowDocument } from '../../../shared/workflow/document';

const LIMIT = 200;
/** Edits of the same kind this close together (typing in a field) are one undo step. */
const COALESCE_MS = 1000;

interface History {
  past: { document: WorkflowDocument; label: string }[];
  present: WorkflowDocument;
  future: { document: WorkflowDocument; label: string }[];
  /** What the last change was and when, to merge a burst of typing into one step. */
  lastLabel?: string;
  lastAt?: number;
}

/** The document with undo and redo: every change is a new immutable document on a bounded stack. */
export function useDocumentHistory(initial: WorkflowDocument) {
  const [history, setHistory] = useState<History>({ past: [], present: initial, future: [] });

  const change = useCallback((document: WorkflowDocument, label: string) => {
    setHistory((current) => {
      if (document === current.present) return current;
      const now = Date.now();
      if (label === current.lastLabel && current.lastAt !== undefined && now - current.lastAt < COALESCE_MS && current.future.length === 0) {
        return { ...current, present: document, lastAt: now };
      }
      return { past: [...current.past, { document: current.present, label }].slice(-LIMIT), present: document, future: [], lastLabel: label, lastAt: now };
    });
  }, []);

  const undo = useCallback(() => {
    setHistory((current) => {
      const previous = current.past.at(-1);
      if (!previous) return current;
      return { past: current.past.slice(0, -1), present: previous.document, future: [{ document: current.present, label: previous.label }, ...current.future], lastLabel: previous.label };
    });
  }, []);

  const redo = useCallback(() => {
    setHistory((current) => {
      const next = current.future[0];
      if (!next) return current;
      return { past: [...current.past, { document: current.present, label: next.label }], present: next.document, future: current.future.slice(1), lastLabel: next.label };
    });
  }, []);

  /** Replaces the document without history (loading a saved version). */
  const reset = useCallback((document: WorkflowDocument) => setHistory({ past: [], present: document, future: [] }), []);

  return {
    document: history.present,
    change,
    undo,
    redo,
    reset,
    canUndo: history.past.length > 0,
    canRedo: history.future.length > 0,
    undoLabel: history.past.at(-1)?.label,
    redoLabel: history.future[0]?.label,
  };
}

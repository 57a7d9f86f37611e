import { useCallback, useState } from 'react';
import type { WorkflowDocument } from '../../../shared/workflow/document';

const LIMIT = 200;
/** Continuous edits of the same kind this close together (typing, dragging) are one undo step. */
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

  /**
   * `continuous` marks an edit that arrives in bursts (a keystroke, a drag frame): those merge into
   * one step. A discrete action (paste, add, delete) is always its own step, however quickly the
   * same action follows it.
   */
  const change = useCallback((document: WorkflowDocument, label: string, continuous = false) => {
    setHistory((current) => {
      if (document === current.present) return current;
      const now = Date.now();
      if (continuous && label === current.lastLabel && current.lastAt !== undefined && now - current.lastAt < COALESCE_MS && current.future.length === 0) {
        return { ...current, present: document, lastAt: now };
      }
      return { past: [...current.past, { document: current.present, label }].slice(-LIMIT), present: document, future: [], lastLabel: continuous ? label : undefined, lastAt: now };
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

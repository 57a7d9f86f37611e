import { useEffect, useRef } from 'react';

export interface CanvasKeyActions {
  save(): void;
  run(): void;
  undo(): void;
  redo(): void;
  duplicate(): void;
  selectAll(): void;
  escape(): void;
  find(): void;
  insert(): void;
  tidy(): void;
  addNote(): void;
  fit(): void;
  toggleSnap(): void;
}

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/**
 * The canvas's keyboard. Only keys a browser lets a page have: no Ctrl+N, Ctrl+T, Ctrl+W or
 * Ctrl+digit (tabs), no Ctrl+F (find in page). Single keys act only outside text fields.
 */
export function useCanvasKeys(actions: CanvasKeyActions): void {
  const latest = useRef(actions);
  useEffect(() => {
    latest.current = actions;
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const act = latest.current;
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      const handled = () => event.preventDefault();
      if (mod && key === 's') {
        handled();
        act.save();
      } else if (mod && key === 'enter') {
        handled();
        act.run();
      } else if (isTyping(event.target) || event.defaultPrevented) {
        return;
      } else if (mod && key === 'z') {
        handled();
        if (event.shiftKey) act.redo();
        else act.undo();
      } else if (mod && key === 'y') {
        handled();
        act.redo();
      } else if (mod && key === 'd') {
        handled();
        act.duplicate();
      } else if (mod && key === 'a') {
        handled();
        act.selectAll();
      } else if (mod) {
        return;
      } else if (event.shiftKey && event.altKey && event.code === 'KeyT') {
        handled();
        act.tidy();
      } else if (event.altKey) {
        return;
      } else if (key === 'escape') {
        act.escape();
      } else if (key === '/') {
        handled();
        act.find();
      } else if (key === 'n' && !event.shiftKey) {
        handled();
        act.insert();
      } else if (key === 's' && event.shiftKey) {
        handled();
        act.addNote();
      } else if (event.code === 'Digit1' && event.shiftKey) {
        handled();
        act.fit();
      } else if (key === 'g' && !event.shiftKey) {
        handled();
        act.toggleSnap();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/** The canvas's keys, for the shortcuts list. */
export const CANVAS_SHORTCUTS: readonly { keys: string; action: string }[] = [
  { keys: 'Ctrl/⌘ S', action: 'Canvas: save a workflow version' },
  { keys: 'Ctrl/⌘ Enter', action: 'Canvas: run the workflow' },
  { keys: 'Ctrl/⌘ Z · Ctrl/⌘ Shift Z', action: 'Canvas: undo · redo' },
  { keys: 'Ctrl/⌘ C · X · V', action: 'Canvas: copy · cut · paste nodes (as JSON, between workflows too)' },
  { keys: 'Ctrl/⌘ D · Delete', action: 'Canvas: duplicate · delete the selection' },
  { keys: 'Ctrl/⌘ A · Shift drag', action: 'Canvas: select all · select with a box' },
  { keys: 'N', action: 'Canvas: insert a node at the pointer' },
  { keys: '/', action: 'Canvas: find a node by name' },
  { keys: 'Shift Alt T', action: 'Canvas: tidy up (auto-layout)' },
  { keys: 'Shift S', action: 'Canvas: add a sticky note' },
  { keys: 'Shift 1', action: 'Canvas: fit the whole workflow' },
  { keys: 'G', action: 'Canvas: snap to grid on or off' },
];

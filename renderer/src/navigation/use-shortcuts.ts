import { useEffect } from 'react';
import type { Page } from '../../../shared/contract';
import { PAGES } from './pages';

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/** Ctrl/Cmd+1..9 for pages, Ctrl/Cmd+, for settings, ? for the shortcut list. */
export function useShortcuts(navigate: (page: Page) => void, toggleHelp: () => void): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const mod = event.ctrlKey || event.metaKey;
      if (mod && !event.altKey && /^[1-9]$/.test(event.key) && PAGES[Number(event.key) - 1]) {
        event.preventDefault();
        navigate(PAGES[Number(event.key) - 1]!.page);
      } else if (mod && event.key === ',') {
        event.preventDefault();
        navigate('settings');
      } else if (!mod && event.key === '?' && !isTyping(event.target)) {
        event.preventDefault();
        toggleHelp();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate, toggleHelp]);
}

export const SHORTCUTS: readonly { keys: string; action: string }[] = [
  ...PAGES.slice(0, 9).map((entry, index) => ({ keys: `Ctrl/⌘ ${index + 1}`, action: `Open ${entry.label}` })),
  { keys: 'Ctrl/⌘ ,', action: 'Open Settings' },
  { keys: '?', action: 'Show or hide this list' },
  { keys: 'Ctrl/⌘ S', action: 'Canvas: save a workflow version' },
  { keys: 'Ctrl/⌘ Enter', action: 'Canvas: run the workflow' },
  { keys: 'Ctrl/⌘ Z · Ctrl/⌘ Shift Z', action: 'Canvas: undo · redo' },
  { keys: 'Ctrl/⌘ D · Delete', action: 'Canvas: duplicate · delete the selection' },
  { keys: 'Esc', action: 'Close a dialog' },
];

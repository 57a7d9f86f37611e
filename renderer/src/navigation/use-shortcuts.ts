import { useEffect } from 'react';
import type { Page } from '../../../shared/contract';
import { transport } from '../api/bridge';
import { CANVAS_SHORTCUTS } from '../canvas/use-canvas-keys';
import { PAGES } from './pages';

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/** "G then D" opens the Dashboard, and so on: two plain keys no browser keeps for itself. */
export const PAGE_LETTERS: Partial<Record<Page, string>> = { dashboard: 'd', agents: 'b', workflows: 'w', mcp: 'm', integrations: 'i', executions: 'e', vault: 'v', team: 't', settings: 's', alerts: 'a', logs: 'l', workers: 'k' };
/** How long after G the second key counts. */
const SEQUENCE_MS = 1200;

/**
 * Page shortcuts. In a browser (`echelon serve`) Ctrl/⌘+digit switches tabs before the page
 * sees it, so pages open with G then a letter everywhere; the desktop app also keeps
 * Ctrl/⌘+1..9, as its menu does. Ctrl/⌘+, opens Settings; ? lists every shortcut.
 */
export function useShortcuts(navigate: (page: Page) => void, toggleHelp: () => void): void {
  useEffect(() => {
    let awaiting = 0;
    const onKey = (event: KeyboardEvent) => {
      const mod = event.ctrlKey || event.metaKey;
      if (mod && !event.altKey && transport === 'ipc' && /^[1-9]$/.test(event.key) && PAGES[Number(event.key) - 1]) {
        event.preventDefault();
        navigate(PAGES[Number(event.key) - 1]!.page);
      } else if (mod && event.key === ',') {
        event.preventDefault();
        navigate('settings');
      } else if (mod || event.altKey || isTyping(event.target) || event.defaultPrevented) {
        return;
      } else if (event.key === '?') {
        event.preventDefault();
        toggleHelp();
      } else if (Date.now() - awaiting < SEQUENCE_MS) {
        awaiting = 0;
        const page = (Object.keys(PAGE_LETTERS) as Page[]).find((candidate) => PAGE_LETTERS[candidate] === event.key.toLowerCase());
        if (page) {
          event.preventDefault();
          navigate(page);
        }
      } else if (event.key.toLowerCase() === 'g' && !event.shiftKey && !document.querySelector('[data-testid="workflow-canvas"]')) {
        awaiting = Date.now();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate, toggleHelp]);
}

const pageShortcuts = PAGES.map((entry, index) => ({
  keys: [PAGE_LETTERS[entry.page] && `G ${PAGE_LETTERS[entry.page]!.toUpperCase()}`, transport === 'ipc' && index < 9 && `Ctrl/⌘ ${index + 1}`].filter(Boolean).join(' · '),
  action: `Open ${entry.label}`,
})).filter((shortcut) => shortcut.keys);

export const SHORTCUTS: readonly { keys: string; action: string }[] = [
  ...pageShortcuts,
  { keys: 'Ctrl/⌘ ,', action: 'Open Settings' },
  { keys: '?', action: 'Show or hide this list' },
  ...CANVAS_SHORTCUTS,
  { keys: '↑ ↓ · Enter', action: 'Executions: move through runs · open one' },
  { keys: 'Esc', action: 'Close a dialog or the open run' },
];

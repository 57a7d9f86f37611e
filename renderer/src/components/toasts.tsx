import { X } from 'lucide-react';
import { useSyncExternalStore } from 'react';

export interface Toast {
  id: number;
  kind: 'error' | 'success' | 'info';
  title: string;
  detail?: string;
}

let toasts: Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const publish = () => listeners.forEach((listener) => listener());

export function dismissToast(id: number): void {
  toasts = toasts.filter((toast) => toast.id !== id);
  publish();
}

/** Shows a message above the status bar; errors stay longer because they ask for action. */
export function showToast(toast: Omit<Toast, 'id'>): void {
  const id = nextId++;
  // The same message twice in a row is one toast, not a pile.
  // Three at most: the row they dock in stays one line high on a wide window.
  toasts = [...toasts.filter((t) => !(t.title === toast.title && t.detail === toast.detail)), { ...toast, id }].slice(-3);
  publish();
  setTimeout(() => dismissToast(id), toast.kind === 'error' ? 8000 : 4000);
}

export function Toaster() {
  const items = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    () => toasts,
  );
  return (
    <div className="toaster" role="region" aria-label="Notifications" aria-live="polite">
      {items.map((toast) => (
        <div key={toast.id} className={`toast toast-${toast.kind}`} role={toast.kind === 'error' ? 'alert' : 'status'} data-testid="toast">
          <div className="toast-body">
            <strong>{toast.title}</strong>
            {toast.detail && <span>{toast.detail}</span>}
          </div>
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => dismissToast(toast.id)}>
            <X size={14} />
          </button>
        </div>
      ))}
    </div>
  );
}

import { Copy } from 'lucide-react';
import { showToast } from './toasts';

/** A command a person can copy with one click. */
export function CommandLine({ children }: { children: string }) {
  return (
    <div className="command-line">
      <code>{children}</code>
      <button
        type="button"
        className="icon-button"
        aria-label="Copy command"
        onClick={() => {
          void navigator.clipboard?.writeText(children).then(
            () => showToast({ kind: 'success', title: 'Copied to the clipboard' }),
            () => showToast({ kind: 'error', title: 'Could not copy', detail: 'Select the text and copy it by hand.' }),
          );
        }}
      >
        <Copy size={14} />
      </button>
    </div>
  );
}

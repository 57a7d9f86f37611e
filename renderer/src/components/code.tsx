import { Copy } from 'lucide-react';
import { showToast } from './toasts';

function copy(text: string): void {
  void navigator.clipboard?.writeText(text).then(
    () => showToast({ kind: 'success', title: 'Copied to the clipboard' }),
    () => showToast({ kind: 'error', title: 'Could not copy', detail: 'Select the text and copy it by hand.' }),
  );
}

/** A button that copies `text`, saying whether it worked. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  return (
    <button type="button" className="icon-button" aria-label={label} onClick={() => copy(text)}>
      <Copy size={14} />
    </button>
  );
}

/** A command a person can copy with one click. */
export function CommandLine({ children }: { children: string }) {
  return (
    <div className="command-line">
      <code>{children}</code>
      <CopyButton text={children} label="Copy command" />
    </div>
  );
}

import { useEffect, useRef, type ReactNode } from 'react';

/** A native modal <dialog>: focus trapping and Escape come with it. */
export function Modal({ open, onClose, title, children, testId, wide = false }: { open: boolean; onClose: () => void; title: string; children: ReactNode; testId: string; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} className={wide ? 'dialog dialog-wide' : 'dialog'} onClose={onClose} aria-labelledby={`${testId}-title`} data-testid={testId}>
      <h2 id={`${testId}-title`}>{title}</h2>
      {open && children}
    </dialog>
  );
}

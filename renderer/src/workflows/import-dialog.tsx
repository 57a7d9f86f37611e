import { useEffect, useRef, useState } from 'react';
import type { WorkflowImportResult } from '../../../shared/contract';
import { useApiMutation } from '../api/hooks';

/** Paste or pick an Echelon workflow or an n8n export; shows what could not be mapped. */
export function ImportDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [text, setText] = useState('');
  const [result, setResult] = useState<WorkflowImportResult | undefined>();
  const importer = useApiMutation('workflows.import');

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  const close = () => {
    setText('');
    setResult(undefined);
    importer.reset();
    onClose();
  };

  return (
    <dialog ref={ref} className="dialog wide" onClose={close} aria-labelledby="import-title" data-testid="import-dialog">
      <h2 id="import-title">Import a workflow</h2>
      {!result && (
        <>
          <p className="muted">An Echelon workflow file or an n8n export (JSON). Nodes n8n has and Echelon does not are listed; the rest imports.</p>
          <label className="field">
            File
            <input
              type="file"
              accept=".json,application/json"
              data-testid="import-file"
              onChange={(event) => {
                const file = event.target.files?.[0];
                if (file) void file.text().then(setText);
              }}
            />
          </label>
          <label className="field">
            Or paste JSON
            <textarea value={text} onChange={(event) => setText(event.target.value)} rows={10} spellCheck={false} className="mono" data-testid="import-text" />
          </label>
          {importer.error && (
            <p className="step-error" role="alert" data-testid="import-error">
              {importer.error.message}
            </p>
          )}
          <div className="dialog-actions">
            <button type="button" className="button" onClick={close}>
              Cancel
            </button>
            <button type="button" className="button primary" disabled={!text.trim() || importer.isPending} data-testid="import-submit" onClick={() => importer.mutate({ text }, { onSuccess: setResult })}>
              Import
            </button>
          </div>
        </>
      )}
      {result && (
        <div data-testid="import-result">
          <p>
            Imported <strong>{result.name}</strong> {result.format === 'n8n' ? 'from n8n' : ''} as <code>{result.id}</code> (version {result.version}).
          </p>
          {result.unsupported.length > 0 && (
            <div className="notice warn" data-testid="import-unsupported">
              <strong>These nodes have no Echelon equivalent; the workflow will not run until they are replaced. What would make each run:</strong>
              <ul>
                {result.unsupported.map((node) => (
                  <li key={node.name}>
                    {node.name} <span className="muted mono">{node.type}</span>
                    {node.remedy && (
                      <div className="muted" data-testid="import-remedy">
                        {node.remedy}
                      </div>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {result.problems.length > 0 && (
            <div className="notice">
              <strong>To fix before it runs:</strong>
              <ul>
                {result.problems.map((problem) => (
                  <li key={`${problem.path}-${problem.code}`}>{problem.message}</li>
                ))}
              </ul>
            </div>
          )}
          {result.notes.length > 0 && (
            <ul className="muted notes">
              {result.notes.map((note) => (
                <li key={note}>{note}</li>
              ))}
            </ul>
          )}
          <div className="dialog-actions">
            <button type="button" className="button primary" onClick={close} data-testid="import-done">
              Done
            </button>
          </div>
        </div>
      )}
    </dialog>
  );
}

import { useState } from 'react';
import type { Conflict } from '../../../shared/contract';
import { useApiMutation } from '../api/hooks';
import { Modal } from '../components/modal';
import { showToast } from '../components/toasts';

const show = (value: unknown) => (value === undefined ? '(removed)' : JSON.stringify(value, null, 2));

/**
 * One item edited here and by a teammate: each field changed on both sides, side by side,
 * with a choice per field (yours by default). What merged cleanly is kept either way.
 */
export function ConflictDialog({ conflict, onClose }: { conflict: Conflict | undefined; onClose(): void }) {
  const [choices, setChoices] = useState<Record<string, 'local' | 'remote'>>({});
  const resolve = useApiMutation('team.resolveConflict', {
    onSuccess: () => {
      showToast({ kind: 'success', title: `Resolved ${conflict?.name}`, detail: 'Your choice is shared with the team.' });
      setChoices({});
      onClose();
    },
    onError: (error) => showToast({ kind: 'error', title: 'Not resolved', detail: error.message }),
  });
  const pick = (path: string, side: 'local' | 'remote') => setChoices((current) => ({ ...current, [path]: side }));
  return (
    <Modal open={conflict !== undefined} onClose={onClose} title={conflict ? `“${conflict.name}” was edited here and by ${conflict.remoteBy ? 'a teammate' : 'the team'}` : ''} testId="conflict-dialog" wide>
      {conflict && (
        <>
          <p className="muted">
            Choose what to keep for each field below.
            {conflict.mergedCount > 0 ? ` ${conflict.mergedCount} other change${conflict.mergedCount === 1 ? ' was' : 's were'} merged without trouble and stay.` : ''}
          </p>
          <div className="conflict-fields">
            {conflict.fields.map((field) => {
              const side = choices[field.path] ?? 'local';
              return (
                <fieldset key={field.path} className="conflict-field" data-testid="conflict-field" data-path={field.path}>
                  <legend>{field.label}</legend>
                  <div className="conflict-sides">
                    <label className={side === 'local' ? 'conflict-side chosen' : 'conflict-side'}>
                      <span className="conflict-side-title">
                        <input type="radio" name={field.path} checked={side === 'local'} onChange={() => pick(field.path, 'local')} data-testid="keep-local" /> Yours
                      </span>
                      <pre>{show(field.local)}</pre>
                    </label>
                    <label className={side === 'remote' ? 'conflict-side chosen' : 'conflict-side'}>
                      <span className="conflict-side-title">
                        <input type="radio" name={field.path} checked={side === 'remote'} onChange={() => pick(field.path, 'remote')} data-testid="keep-remote" /> Theirs
                      </span>
                      <pre>{show(field.remote)}</pre>
                    </label>
                  </div>
                  {field.base !== undefined && (
                    <details className="conflict-base">
                      <summary>Before either edit</summary>
                      <pre>{show(field.base)}</pre>
                    </details>
                  )}
                </fieldset>
              );
            })}
          </div>
          <div className="dialog-actions">
            <button type="button" className="button" onClick={() => resolve.mutate({ id: conflict.id, choices: {}, all: 'remote' })} data-testid="keep-all-remote">
              Keep all theirs
            </button>
            <button type="button" className="button" onClick={onClose}>
              Decide later
            </button>
            <button type="button" className="button primary" disabled={resolve.isPending} onClick={() => resolve.mutate({ id: conflict.id, choices })} data-testid="resolve-conflict">
              Keep my choices
            </button>
          </div>
        </>
      )}
    </Modal>
  );
}

import type { SecretRecordInfo } from '../../../shared/contract';
import { useApiMutation } from '../api/hooks';
import { Modal } from '../components/modal';
import { showToast } from '../components/toasts';

/** Deleting cannot be undone: say what depends on the secret, and ask. */
export function DeleteDialog({ record, onClose }: { record: SecretRecordInfo | undefined; onClose: () => void }) {
  const remove = useApiMutation('vault.remove');
  return (
    <Modal open={record !== undefined} onClose={onClose} title={`Delete ${record?.name ?? ''}?`} testId="delete-dialog">
      {record && (
        <>
          <p>
            The value of <code>{record.name}</code> will be erased. Anything that refers to <code>{`{{ secrets.${record.name} }}`}</code> will fail until you add it again.
          </p>
          {record.usedBy.length > 0 && <p className="muted">Used by {record.usedBy.join(', ')}.</p>}
          <div className="dialog-actions">
            <button type="button" className="button" autoFocus onClick={onClose}>
              Keep it
            </button>
            <button
              type="button"
              className="button vault-danger-button"
              disabled={remove.isPending}
              data-testid="delete-confirm"
              onClick={() =>
                remove.mutate(
                  { name: record.name },
                  {
                    onSuccess: () => {
                      showToast({ kind: 'success', title: `Deleted ${record.name}` });
                      onClose();
                    },
                  },
                )
              }
            >
              Delete
            </button>
          </div>
        </>
      )}
    </Modal>
  );
}

import { Eye, Pencil, Trash2 } from 'lucide-react';
import type { SecretRecordInfo, VaultStatus } from '../../../shared/contract';
import { formatRelative } from '../components/format';
import { KIND_LABELS } from './kind-fields';
import { REVEAL_DESKTOP_ONLY, useReveal } from './use-reveal';

/** Every record: metadata and a mask, never a value. Actions need the vault unlocked. */
export function RecordsTable({ records, status, onEdit, onDelete }: { records: readonly SecretRecordInfo[]; status: VaultStatus; onEdit: (record: SecretRecordInfo) => void; onDelete: (record: SecretRecordInfo) => void }) {
  const reveal = useReveal(status);
  const locked = status.state !== 'unlocked';
  return (
    <div className="card vault-table-card">
      <table className="table vault-records" data-testid="vault-records">
        <thead>
          <tr>
            <th>Name</th>
            <th>Kind</th>
            <th>Value</th>
            <th>Tags</th>
            <th>Last used</th>
            <th>Used by</th>
            <th aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {records.map((record) => (
            <tr key={record.id} data-testid={`vault-row-${record.name}`}>
              <td>
                <div className="mono vault-name" title={`Created ${new Date(record.createdAt).toLocaleString()}, updated ${new Date(record.updatedAt).toLocaleString()}`}>
                  {record.name}
                </div>
                {record.description && <div className="muted vault-description">{record.description}</div>}
              </td>
              <td>
                <span className="vault-kind">{KIND_LABELS[record.kind]}</span>
              </td>
              <td>
                <span className="vault-mask" data-testid={`masked-${record.name}`} aria-label="Hidden value">
                  {record.masked}
                </span>
                {record.summary && <div className="muted vault-summary">{record.summary}</div>}
              </td>
              <td>
                <div className="vault-tags">
                  {record.tags.map((tag) => (
                    <span key={tag} className="vault-tag">
                      {tag}
                    </span>
                  ))}
                </div>
              </td>
              <td className="vault-nowrap">
                {record.lastUsedAt ? (
                  <time dateTime={record.lastUsedAt} title={new Date(record.lastUsedAt).toLocaleString()}>
                    {formatRelative(record.lastUsedAt)}
                  </time>
                ) : (
                  <span className="muted">never</span>
                )}
              </td>
              <td className="vault-used-by">{record.usedBy.length > 0 ? record.usedBy.join(', ') : <span className="muted">—</span>}</td>
              <td>
                <div className="vault-row-actions">
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Reveal ${record.name}`}
                    title={status.revealAvailable ? 'Reveal in a system dialog' : `Reveal is a desktop-app feature. ${REVEAL_DESKTOP_ONLY}`}
                    disabled={locked}
                    onClick={() => reveal(record.name)}
                    data-testid={`reveal-${record.name}`}
                  >
                    <Eye size={15} />
                  </button>
                  <button type="button" className="icon-button" aria-label={`Edit ${record.name}`} title="Edit or replace the value" disabled={locked} onClick={() => onEdit(record)} data-testid={`edit-${record.name}`}>
                    <Pencil size={15} />
                  </button>
                  <button type="button" className="icon-button vault-danger" aria-label={`Delete ${record.name}`} title="Delete" disabled={locked} onClick={() => onDelete(record)} data-testid={`delete-${record.name}`}>
                    <Trash2 size={15} />
                  </button>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

import { FileUp, KeyRound } from 'lucide-react';
import { useState } from 'react';
import type { ImportPlan, MethodInput } from '../../../shared/contract';
import { call } from '../api/client';
import { useApiQuery } from '../api/hooks';
import { showToast } from '../components/toasts';
import { Modal } from '../components/modal';

type Source = MethodInput<'mcp.import.preview'>;

/**
 * Import from Claude Desktop, Cursor or VS Code: pick a detected file, choose one or paste it,
 * see exactly what will be imported, what moves to the vault and what is skipped, then import.
 */
export function ImportDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const candidates = useApiQuery('mcp.import.candidates', {}, { enabled: open });
  const [text, setText] = useState('');
  const [source, setSource] = useState<Source | undefined>();
  const [plan, setPlan] = useState<ImportPlan | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const preview = async (next: Source) => {
    setBusy(true);
    setError(undefined);
    try {
      setPlan(await call('mcp.import.preview', next));
      setSource(next);
    } catch (failure) {
      setPlan(undefined);
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const apply = async () => {
    if (!source) return;
    setBusy(true);
    try {
      const result = await call('mcp.import.apply', source);
      showToast({
        kind: 'success',
        title: `Imported ${result.imported.length} server${result.imported.length === 1 ? '' : 's'}`,
        detail: [result.skipped.length ? `${result.skipped.length} skipped` : '', result.secretsStored.length ? `${result.secretsStored.length} secrets moved to the vault` : ''].filter(Boolean).join(', ') || undefined,
      });
      close();
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const close = () => {
    setPlan(undefined);
    setSource(undefined);
    setText('');
    setError(undefined);
    onClose();
  };

  const importable = plan?.servers.filter((server) => server.action === 'import').length ?? 0;
  return (
    <Modal open={open} onClose={close} title="Import MCP servers" testId="import-dialog" wide>
      {!plan && (
        <div className="form">
          {candidates.data && candidates.data.length > 0 && (
            <div>
              <p className="muted">Found on this machine:</p>
              <ul className="plain-list">
                {candidates.data.map((candidate) => (
                  <li key={candidate.path}>
                    <button type="button" className="button" onClick={() => void preview({ candidate: candidate.path })}>
                      <FileUp size={14} aria-hidden /> {candidate.label} — {candidate.serverCount} server{candidate.serverCount === 1 ? '' : 's'}
                    </button>{' '}
                    <span className="muted mono small">{candidate.path}</span>
                  </li>
                ))}
              </ul>
            </div>
          )}
          <label>
            Choose a file <span className="muted">(claude_desktop_config.json, ~/.cursor/mcp.json, .vscode/mcp.json)</span>
            <input
              type="file"
              accept=".json,application/json"
              data-testid="import-file"
              onChange={async (event) => {
                const file = event.target.files?.[0];
                if (file) void preview({ text: await file.text(), fileName: file.name });
              }}
            />
          </label>
          <label>
            Or paste it
            <textarea rows={8} className="mono" value={text} onChange={(event) => setText(event.target.value)} placeholder='{ "mcpServers": { ... } }' data-testid="import-text" />
          </label>
          {error && (
            <p className="error-text" role="alert" data-testid="import-error">
              {error}
            </p>
          )}
          <div className="dialog-actions">
            <button type="button" className="button" onClick={close}>
              Cancel
            </button>
            <button type="button" className="button primary" disabled={!text.trim() || busy} onClick={() => void preview({ text })} data-testid="import-preview">
              Preview
            </button>
          </div>
        </div>
      )}
      {plan && (
        <div className="import-plan" data-testid="import-plan">
          <p className="muted">
            A {plan.format === 'vscode' ? 'VS Code' : plan.format === 'cursor' ? 'Cursor' : 'Claude Desktop'} config ({plan.source}).
          </p>
          <table className="table compact">
            <thead>
              <tr>
                <th>Server</th>
                <th>What happens</th>
                <th>Launch</th>
              </tr>
            </thead>
            <tbody>
              {plan.servers.map((server) => (
                <tr key={server.originalName} data-testid="import-plan-row" data-action={server.action}>
                  <td>
                    <strong>{server.name}</strong>
                    {server.originalName !== server.name && <div className="muted small">was “{server.originalName}”</div>}
                  </td>
                  <td>
                    {server.action === 'import' ? <span className="outcome outcome-ok">Import</span> : <span className="outcome outcome-cancelled">Skip</span>}
                    {server.reason && <div className="small">because {server.reason}</div>}
                    {server.secretsToVault.map((secret) => (
                      <div key={secret.field} className="small vault-move">
                        <KeyRound size={12} aria-hidden /> <code>{secret.field}</code> → vault <code>{secret.secretName}</code>
                        {secret.existsInVault ? ' (already there)' : ''}
                      </div>
                    ))}
                    {server.missingSecrets.map((secret) => (
                      <div key={secret.secretName} className="small warn-text">
                        Needs vault secret <code>{secret.secretName}</code>
                        {secret.description ? ` (${secret.description})` : ''}
                      </div>
                    ))}
                    {server.warnings.map((warning) => (
                      <div key={warning} className="small warn-text">
                        {warning}
                      </div>
                    ))}
                  </td>
                  <td className="mono small">{server.launch}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {plan.warnings.map((warning) => (
            <p key={warning} className="warn-text small">
              {warning}
            </p>
          ))}
          {error && (
            <p className="error-text" role="alert" data-testid="import-error">
              {error}
            </p>
          )}
          <div className="dialog-actions">
            <button type="button" className="button" onClick={() => setPlan(undefined)}>
              Back
            </button>
            <button type="button" className="button primary" disabled={importable === 0 || busy} onClick={() => void apply()} data-testid="import-apply">
              Import {importable} server{importable === 1 ? '' : 's'}
            </button>
          </div>
        </div>
      )}
    </Modal>
  );
}

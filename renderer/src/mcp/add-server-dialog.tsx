import { useState, type FormEvent } from 'react';
import type { ServerDefinitionInput } from '../../../shared/contract';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { showToast } from '../components/toasts';
import { Modal } from '../components/modal';
import { SegmentedChoice } from '../components/segmented-choice';

/** `KEY=VALUE` (or `Name: value` for headers) one per line. */
function parsePairs(text: string, separator: '=' | ':'): Record<string, string> {
  const pairs: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed) continue;
    const at = trimmed.indexOf(separator);
    if (at <= 0) throw new Error(`"${trimmed}" is not ${separator === '=' ? 'KEY=VALUE' : 'Name: value'}.`);
    pairs[trimmed.slice(0, at).trim()] = trimmed.slice(at + 1).trim();
  }
  return pairs;
}

const TRANSPORTS = [
  { value: 'stdio', label: 'Command (stdio)' },
  { value: 'http', label: 'URL (HTTP)' },
  { value: 'ssh', label: 'Command over SSH' },
] as const;

/** Adds a server by command (stdio, here or on an SSH host) or by URL (streamable HTTP). Literal secrets move to the vault. */
export function AddServerDialog({ open, onClose, onAdded }: { open: boolean; onClose: () => void; onAdded: (name: string) => void }) {
  const add = useApiMutation('mcp.servers.add');
  const [kind, setKind] = useState<(typeof TRANSPORTS)[number]['value']>('stdio');
  const sshConnections = useApiQuery('integrations.connections.list', { pluginId: 'ssh' }, { enabled: open && kind === 'ssh' });
  const [error, setError] = useState<string | undefined>();

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const launch = () => ({
      command: text('command'),
      args: text('args') ? text('args').split('\n').map((arg) => arg.trim()).filter(Boolean) : [],
      cwd: text('cwd') || undefined,
      env: parsePairs(text('env'), '='),
    });
    let definition: ServerDefinitionInput;
    try {
      definition = {
        name: text('name'),
        description: text('description') || undefined,
        autoStart: form.get('autoStart') === 'on',
        tags: text('tags') ? text('tags').split(',').map((tag) => tag.trim()).filter(Boolean) : [],
        transport: kind === 'http' ? { type: 'http', url: text('url'), headers: parsePairs(text('headers'), ':') } : kind === 'ssh' ? { type: 'ssh', connection: text('connection'), ...launch() } : { type: 'stdio', ...launch() },
      };
    } catch (problem) {
      setError((problem as Error).message);
      return;
    }
    add.mutate(
      { definition },
      {
        onSuccess: (server) => {
          showToast({ kind: 'success', title: `Added ${server.name}` });
          setError(undefined);
          onAdded(server.name);
        },
        onError: (failure) => setError(failure.path ? `${failure.message}` : failure.message),
      },
    );
  };

  return (
    <Modal open={open} onClose={onClose} title="Add an MCP server" testId="add-server-dialog">
      <form className="form" onSubmit={submit}>
        <label>
          Name
          <input name="name" required pattern="[A-Za-z0-9][A-Za-z0-9_\-]{0,62}" placeholder="github" data-testid="add-name" autoFocus />
        </label>
        <SegmentedChoice label="Transport" name="kind" choices={TRANSPORTS} value={kind} onChange={setKind} testId={(value) => `add-kind-${value}`} />
        {kind === 'ssh' && (
          <label>
            Run on <span className="muted">(an SSH connection from Integrations)</span>
            {sshConnections.data && sshConnections.data.length === 0 ? (
              <span className="muted" data-testid="add-no-ssh">
                No SSH connection yet: create one in Integrations → SSH &amp; SFTP first.
              </span>
            ) : (
              <select name="connection" className="select" required data-testid="add-connection">
                {(sshConnections.data ?? []).map((connection) => (
                  <option key={connection.id} value={connection.name}>
                    {connection.name} ({String(connection.config.host)})
                  </option>
                ))}
              </select>
            )}
          </label>
        )}
        {kind !== 'http' ? (
          <>
            <label>
              Command
              <input name="command" required placeholder="npx" data-testid="add-command" />
            </label>
            <label>
              Arguments <span className="muted">(one per line)</span>
              <textarea name="args" rows={3} placeholder={'-y\n@modelcontextprotocol/server-github'} data-testid="add-args" />
            </label>
            <label>
              Environment <span className="muted">(KEY=VALUE per line; tokens and keys move to the vault)</span>
              <textarea name="env" rows={2} placeholder="GITHUB_TOKEN={{ secrets.GITHUB_TOKEN }}" />
            </label>
            <label>
              Working directory <span className="muted">(optional)</span>
              <input name="cwd" />
            </label>
          </>
        ) : (
          <>
            <label>
              URL
              <input name="url" type="url" required placeholder="https://example.com/mcp" data-testid="add-url" />
            </label>
            <label>
              Headers <span className="muted">(Name: value per line; credentials move to the vault)</span>
              <textarea name="headers" rows={2} placeholder="Authorization: Bearer {{ secrets.API_TOKEN }}" />
            </label>
          </>
        )}
        <label>
          Description <span className="muted">(optional)</span>
          <input name="description" />
        </label>
        <label>
          Tags <span className="muted">(comma-separated)</span>
          <input name="tags" />
        </label>
        <label className="checkbox">
          <input type="checkbox" name="autoStart" /> Start with Echelon
        </label>
        {error && (
          <p className="error-text" role="alert" data-testid="add-error">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={add.isPending} data-testid="add-submit">
            Add server
          </button>
        </div>
      </form>
    </Modal>
  );
}

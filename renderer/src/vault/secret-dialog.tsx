import { useState, type FormEvent } from 'react';
import type { MethodInput, SecretRecordInfo } from '../../../shared/contract';
import { SecretKind } from '../../../shared/secrets/secret-kinds';
import { useApiMutation } from '../api/hooks';
import { Modal } from '../components/modal';
import { showToast } from '../components/toasts';
import { buildValue, KIND_FIELDS, KIND_LABELS, type FieldSpec } from './kind-fields';

export type SecretDialogMode = { action: 'add' } | { action: 'edit'; record: SecretRecordInfo };

function FieldInput({ spec, value, invalid, onChange }: { spec: FieldSpec; value: string; invalid: boolean; onChange: (value: string) => void }) {
  const common = {
    id: `secret-field-${spec.name}`,
    className: 'vault-input',
    value,
    placeholder: spec.placeholder,
    'aria-invalid': invalid || undefined,
    'data-testid': `secret-field-${spec.name}`,
    spellCheck: false,
    autoComplete: 'off',
  };
  if (spec.control === 'pem') return <textarea {...common} rows={5} className={spec.secret ? 'vault-input mono vault-masked-text' : 'vault-input mono'} onChange={(event) => onChange(event.target.value)} />;
  if (spec.control === 'select') {
    return (
      <select {...common} value={value || spec.options?.[0]} onChange={(event) => onChange(event.target.value)}>
        {spec.options?.map((option) => (
          <option key={option}>{option}</option>
        ))}
      </select>
    );
  }
  return <input {...common} type={spec.control === 'password' ? 'password' : 'text'} autoComplete={spec.control === 'password' ? 'new-password' : 'off'} onChange={(event) => onChange(event.target.value)} />;
}

/**
 * Add a secret, or edit one: its details, and (optionally) a new value. The form is generated
 * from the kind's fields. Values go to the main process and are never read back.
 */
export function SecretDialog({ mode, onClose }: { mode: SecretDialogMode | undefined; onClose: () => void }) {
  return (
    <Modal open={mode !== undefined} onClose={onClose} title={mode?.action === 'edit' ? `Edit ${mode.record.name}` : 'Add a secret'} testId="secret-dialog" wide>
      {mode && <SecretForm key={mode.action === 'edit' ? mode.record.id : 'add'} mode={mode} onDone={onClose} />}
    </Modal>
  );
}

function SecretForm({ mode, onDone }: { mode: SecretDialogMode; onDone: () => void }) {
  const existing = mode.action === 'edit' ? mode.record : undefined;
  const [name, setName] = useState(existing?.name ?? '');
  const [kind, setKind] = useState<SecretKind>(existing?.kind ?? 'secret');
  const [description, setDescription] = useState(existing?.description ?? '');
  const [tags, setTags] = useState(existing?.tags.join(', ') ?? '');
  const [replace, setReplace] = useState(!existing);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<{ message: string; path?: string }>();
  const save = useApiMutation('vault.set', { meta: { inlineErrors: true } });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input: MethodInput<'vault.set'> = {
      name,
      description,
      tags: tags.split(',').map((tag) => tag.trim()).filter(Boolean),
      value: replace ? (buildValue(kind, fields) as MethodInput<'vault.set'>['value']) : undefined,
    };
    save.mutate(input, {
      onSuccess: (record) => {
        setFields({});
        showToast({ kind: 'success', title: existing ? `Saved ${record.name}` : `Added ${record.name}`, detail: `Refer to it as {{ secrets.${record.name} }}` });
        onDone();
      },
      onError: (error) => setProblem({ message: error.message, path: error.path }),
    });
  };
  const invalid = (path: string) => problem?.path === path;

  return (
    <form onSubmit={submit} className="vault-form" noValidate>
      <div className="vault-form-grid">
        <label className="vault-field">
          <span>Name</span>
          <input
            className="vault-input mono"
            value={name}
            readOnly={existing !== undefined}
            autoFocus={!existing}
            placeholder="GITHUB_TOKEN"
            aria-invalid={invalid('name') || undefined}
            onChange={(event) => setName(event.target.value)}
            data-testid="secret-name"
          />
          <small className="muted">Used as {'{{ secrets.NAME }}'}: letters, digits and _.</small>
        </label>
        <label className="vault-field">
          <span>Kind</span>
          <select className="vault-input" value={kind} disabled={!replace} onChange={(event) => setKind(SecretKind.parse(event.target.value))} data-testid="secret-kind">
            {SecretKind.options.map((option) => (
              <option key={option} value={option}>
                {KIND_LABELS[option]}
              </option>
            ))}
          </select>
        </label>
        <label className="vault-field vault-span">
          <span>Description</span>
          <input className="vault-input" value={description} autoFocus={existing !== undefined} onChange={(event) => setDescription(event.target.value)} placeholder="What it is for, who issued it" data-testid="secret-description" />
        </label>
        <label className="vault-field vault-span">
          <span>Tags</span>
          <input className="vault-input" value={tags} onChange={(event) => setTags(event.target.value)} placeholder="ci, github" data-testid="secret-tags" />
        </label>
      </div>

      {existing && (
        <label className="vault-check">
          <input type="checkbox" checked={replace} onChange={(event) => setReplace(event.target.checked)} data-testid="secret-replace" />
          Replace the value
        </label>
      )}
      {replace && (
        <fieldset className="vault-value">
          <legend>{existing ? 'New value' : 'Value'}</legend>
          {KIND_FIELDS[kind].map((spec) => (
            <div className="vault-field" key={`${kind}-${spec.name}`}>
              <label htmlFor={`secret-field-${spec.name}`}>
                {spec.label}
                {spec.optional && <span className="muted"> (optional)</span>}
              </label>
              <FieldInput spec={spec} value={fields[spec.name] ?? ''} invalid={invalid(`value.${spec.name}`)} onChange={(value) => setFields((current) => ({ ...current, [spec.name]: value }))} />
              {spec.hint && <small className="muted">{spec.hint}</small>}
            </div>
          ))}
          <p className="muted vault-note">Values go to the main process, are encrypted at once, and are never shown here again.</p>
        </fieldset>
      )}

      {problem && (
        <p className="vault-problem" role="alert" data-testid="secret-problem">
          {problem.message}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="button primary" disabled={save.isPending} data-testid="secret-save">
          {save.isPending ? 'Saving…' : existing ? 'Save' : 'Add secret'}
        </button>
      </div>
    </form>
  );
}

import { Building2, MailOpen } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { TEAM_ROLE_LABELS } from '../../../shared/contract';
import { useApiMutation, useApiQuery } from '../api/hooks';

/** Signed in without an organization: accept an invitation or create one. */
export function OrganizationSetup() {
  const [name, setName] = useState('');
  const invitations = useApiQuery('team.invitations', {});
  const create = useApiMutation('team.createOrganization', { meta: { inlineErrors: true } });
  const accept = useApiMutation('team.acceptInvitation');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ name });
  };
  const received = invitations.data?.received ?? [];
  return (
    <div className="grid-2">
      <section className="card team-card" data-testid="team-invitations-received">
        <div className="card-title">
          <MailOpen size={16} aria-hidden /> Invitations for you
        </div>
        {received.length === 0 ? (
          <p className="muted">No invitations yet. Ask an admin of your team to invite your email address.</p>
        ) : (
          <ul className="plain-list">
            {received.map((invitation) => (
              <li key={invitation.id} className="list-row">
                <span>
                  <strong>{invitation.organization ?? 'An organization'}</strong> <span className="badge">{TEAM_ROLE_LABELS[invitation.role]}</span>
                </span>
                <button type="button" className="button primary" onClick={() => accept.mutate({ id: invitation.id })} data-testid="accept-invitation">
                  Join
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <form className="card team-card" onSubmit={submit} data-testid="team-create-org">
        <div className="card-title">
          <Building2 size={16} aria-hidden /> Create an organization
        </div>
        <p className="muted">You become its admin, and what you built here is shared with it.</p>
        <label className="field">
          <span>Name</span>
          <input className="form-control" required maxLength={200} value={name} onChange={(event) => setName(event.target.value)} data-testid="team-org-name" />
        </label>
        {create.error && <p className="form-error" role="alert">{create.error.message}</p>}
        <div className="dialog-actions">
          <button type="submit" className="button primary" disabled={create.isPending} data-testid="team-create-org-submit">
            Create
          </button>
        </div>
      </form>
    </div>
  );
}

import { UserPlus, Users, X } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { TEAM_ROLE_LABELS, TeamRole, type Organization } from '../../../shared/contract';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { formatRelative } from '../components/format';
import { showToast } from '../components/toasts';
import { Avatar } from './presence-avatars';

const ROLES = TeamRole.options;

/** Members with their roles and who is online; admins invite, change roles and remove. */
export function MembersCard({ organization, selfId }: { organization: Organization; selfId: string }) {
  const admin = organization.role === 'admin';
  const members = useApiQuery('team.members', {});
  const presence = useApiQuery('team.presence', {});
  const invitations = useApiQuery('team.invitations', {}, { enabled: admin });
  const setRole = useApiMutation('team.setRole', { onError: (error) => showToast({ kind: 'error', title: 'Role not changed', detail: error.message }) });
  const remove = useApiMutation('team.removeMember', { onError: (error) => showToast({ kind: 'error', title: 'Member not removed', detail: error.message }) });
  const withdraw = useApiMutation('team.withdrawInvitation');
  const [email, setEmail] = useState('');
  const [role, setInviteRole] = useState<TeamRole>('agent_manager');
  const invite = useApiMutation('team.invite', {
    meta: { inlineErrors: true },
    onSuccess: (invitation) => {
      showToast({ kind: 'success', title: `Invited ${invitation.email}`, detail: `They join as ${TEAM_ROLE_LABELS[invitation.role]} when they sign in.` });
      setEmail('');
      void invitations.refetch();
    },
  });
  const byUser = new Map((presence.data ?? []).map((entry) => [entry.userId, entry]));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    invite.mutate({ email, role });
  };
  return (
    <section className="card team-card" data-testid="team-members">
      <div className="card-title">
        <Users size={16} aria-hidden /> Members
      </div>
      {members.error && <p className="muted" data-testid="members-unavailable">Members show when the team's project can be reached ({members.error.message})</p>}
      <table className="table compact">
        <tbody>
          {(members.data ?? []).map((member) => {
            const here = byUser.get(member.userId);
            return (
              <tr key={member.userId} data-testid="member-row" data-email={member.email}>
                <td className="member-cell">
                  {here ? <Avatar entry={here} size={26} /> : <span className="avatar avatar-offline" style={{ width: 26, height: 26 }}>{member.email.slice(0, 2).toUpperCase()}</span>}
                  <span>
                    <strong>{member.name ?? member.email.split('@')[0]}</strong>
                    {member.userId === selfId && <span className="muted"> (you)</span>}
                    <div className="muted small">{member.email}</div>
                  </span>
                </td>
                <td className="small">
                  {here ? <span className="presence-online">{here.subject ? `${here.subject.editing ? 'editing' : 'viewing'} a ${here.subject.kind}${here.subjects.length > 1 ? ` (+${here.subjects.length - 1} open)` : ''}` : 'online'}</span> : <span className="muted">offline · joined {formatRelative(member.joinedAt)}</span>}
                </td>
                <td className="num">
                  {admin && member.userId !== selfId ? (
                    <select className="form-control small" aria-label={`Role of ${member.email}`} value={member.role} onChange={(event) => setRole.mutate({ userId: member.userId, role: event.target.value as TeamRole })} data-testid="member-role">
                      {ROLES.map((option) => (
                        <option key={option} value={option}>
                          {TEAM_ROLE_LABELS[option]}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <span className="badge">{TEAM_ROLE_LABELS[member.role]}</span>
                  )}
                </td>
                <td className="num">
                  {admin && member.userId !== selfId && (
                    <button type="button" className="icon-button" aria-label={`Remove ${member.email}`} onClick={() => remove.mutate({ userId: member.userId })}>
                      <X size={15} />
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {admin && (
        <>
          <form className="invite-form" onSubmit={submit} data-testid="team-invite">
            <input className="form-control" type="email" required placeholder="teammate@example.com" aria-label="Email to invite" value={email} onChange={(event) => setEmail(event.target.value)} data-testid="invite-email" />
            <select className="form-control" aria-label="Role" value={role} onChange={(event) => setInviteRole(event.target.value as TeamRole)} data-testid="invite-role">
              {ROLES.map((option) => (
                <option key={option} value={option}>
                  {TEAM_ROLE_LABELS[option]}
                </option>
              ))}
            </select>
            <button type="submit" className="button primary" disabled={invite.isPending} data-testid="invite-submit">
              <UserPlus size={14} aria-hidden /> Invite
            </button>
          </form>
          {invite.error && <p className="form-error" role="alert">{invite.error.message}</p>}
          {(invitations.data?.sent ?? []).length > 0 && (
            <ul className="plain-list" data-testid="team-invitations-sent">
              {invitations.data!.sent.map((invitation) => (
                <li key={invitation.id} className="list-row small">
                  <span>
                    {invitation.email} <span className="badge">{TEAM_ROLE_LABELS[invitation.role]}</span> <span className="muted">invited {formatRelative(invitation.createdAt)}</span>
                  </span>
                  <button type="button" className="link-button" onClick={() => withdraw.mutate({ id: invitation.id }, { onSuccess: () => void invitations.refetch() })}>
                    Withdraw
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

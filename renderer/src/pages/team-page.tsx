import { LogOut, Users } from 'lucide-react';
import { TEAM_ROLE_LABELS } from '../../../shared/contract';
import { useApiMutation } from '../api/hooks';
import { EmptyState } from '../components/empty-state';
import { PageHeader } from '../components/page-header';
import { MembersCard } from '../team/members-card';
import { OrganizationSetup } from '../team/organization-setup';
import { Avatar } from '../team/presence-avatars';
import { ProjectForm } from '../team/project-form';
import { SignInCard } from '../team/sign-in-card';
import { SyncCard } from '../team/sync-card';
import { TeamAudit } from '../team/team-audit';
import { TeamRuns } from '../team/team-runs';
import { useApiQuery } from '../api/hooks';
import { useTeamStatus } from '../team/use-team';
import '../team/team.css';

const SUBTITLE = "Share workflows and servers with teammates through your organization's Supabase project.";

export function TeamPage() {
  const status = useTeamStatus();
  const presence = useApiQuery('team.presence', {});
  const configure = useApiMutation('team.configure');
  const signOut = useApiMutation('team.signOut');
  const switchOrg = useApiMutation('team.switchOrganization');
  const team = status.data;
  if (!team) return <div className="page" data-testid="page-team" />;

  if (!team.configured) {
    return (
      <div className="page" data-testid="page-team" data-team-state="solo">
        <PageHeader title="Team" subtitle={SUBTITLE} />
        <EmptyState icon={Users} title="Working solo">
          <p>Echelon works fully offline. Team sync is not configured on this machine, so everything you build stays local.</p>
        </EmptyState>
        <ProjectForm />
      </div>
    );
  }

  if (!team.user) {
    return (
      <div className="page" data-testid="page-team" data-team-state="signed-out">
        <PageHeader title="Team" subtitle={SUBTITLE} />
        {team.sync.state === 'locked' && <p className="team-note" role="status">{team.sync.message}</p>}
        <SignInCard projectUrl={team.projectUrl} onDisconnect={() => configure.mutate({ clear: true })} />
      </div>
    );
  }

  const organization = team.organization;
  const online = (presence.data ?? []).filter((entry) => !entry.self);
  return (
    <div className="page" data-testid="page-team" data-team-state={organization ? 'member' : 'no-organization'}>
      <PageHeader
        title="Team"
        subtitle={SUBTITLE}
        actions={
          <>
            {team.organizations.length > 0 && (
              <select className="form-control" aria-label="Organization" value={organization?.id ?? ''} onChange={(event) => switchOrg.mutate({ orgId: event.target.value })} data-testid="org-switcher">
                {!organization && <option value="">Choose an organization…</option>}
                {team.organizations.map((org) => (
                  <option key={org.id} value={org.id}>
                    {org.name} — {TEAM_ROLE_LABELS[org.role]}
                  </option>
                ))}
              </select>
            )}
            <button type="button" className="button" onClick={() => signOut.mutate({})} data-testid="team-sign-out">
              <LogOut size={14} aria-hidden /> Sign out
            </button>
          </>
        }
      />
      <div className="team-strip" data-testid="team-identity">
        <span>
          Signed in as <strong>{team.user.name}</strong> <span className="muted">{team.user.email}</span>
        </span>
        {organization && (
          <span className="badge" data-testid="team-role" data-role={organization.role}>
            {TEAM_ROLE_LABELS[organization.role]} in {organization.name}
          </span>
        )}
        {organization?.role === 'viewer' && <span className="muted small">Viewers read shared workflows; editing and running are for admins and agent managers.</span>}
        <span className="avatars" aria-label="Teammates online">
          {online.map((entry) => (
            <Avatar key={entry.userId} entry={entry} size={22} />
          ))}
        </span>
      </div>
      {organization ? (
        <>
          <SyncCard status={team} />
          <div className="grid-2">
            <MembersCard organization={organization} selfId={team.user.id} />
            <TeamRuns />
          </div>
          <TeamAudit admin={organization.role === 'admin'} />
        </>
      ) : (
        <OrganizationSetup />
      )}
    </div>
  );
}

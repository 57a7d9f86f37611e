import type { Handlers } from '../../../../shared/rpc/router';
import type { SyncService } from './sync-service';

type TeamMethod = Extract<keyof Handlers, `team.${string}`>;

export function teamHandlers(team: SyncService): Pick<Handlers, TeamMethod> {
  return {
    'team.status': () => team.status(),
    'team.configure': (input) => team.configure(input),
    'team.signIn': (input) => team.signIn(input),
    'team.signOut': () => team.signOut(),
    'team.createOrganization': ({ name }) => team.createOrganization(name),
    'team.switchOrganization': ({ orgId }) => team.switchOrganization(orgId),
    'team.members': () => team.members(),
    'team.invite': ({ email, role }) => team.invite(email, role),
    'team.invitations': () => team.invitations(),
    'team.acceptInvitation': ({ id }) => team.acceptInvitation(id),
    'team.withdrawInvitation': async ({ id }) => ({ withdrawn: await team.withdrawInvitation(id) }),
    'team.setRole': ({ userId, role }) => team.setRole(userId, role),
    'team.removeMember': ({ userId }) => team.removeMember(userId),
    'team.presence': () => team.presence(),
    'team.setPresence': async ({ subject }, ctx) => {
      await team.setPresence(subject, ctx.session);
      return { ok: true };
    },
    'team.conflicts': () => team.conflicts(),
    'team.resolveConflict': ({ id, choices, all }) => {
      team.resolveConflict(id, choices, all);
      return { resolved: true };
    },
    'team.rejected': () => team.rejected(),
    'team.discardRejected': ({ kind, entityId }) => ({ discarded: team.discardRejected(kind, entityId) }),
    'team.syncNow': () => team.syncNow(),
    'team.audit': ({ scope, search, limit, offset }) => team.auditEntries(scope, search, limit, offset),
    'team.auditExport': ({ scope, search, format }) => team.auditExport(scope, search, format),
    'team.runs': ({ limit }) => team.runs(limit),
  };
}

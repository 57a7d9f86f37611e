import type { SupabaseClient } from '@supabase/supabase-js';
import { EchelonError } from '../../../../shared/contract/errors';
import type { Invitation, Member, Organization, TeamRole } from '../../../../shared/contract/team';

interface Failure {
  message: string;
  code?: string;
}

/** A PostgREST failure as a person reads it; RLS refusals become `forbidden`. */
function fail(error: Failure, what: string): EchelonError {
  if (error.code === '42501') return new EchelonError('forbidden', `${what}: your role in this organization does not allow it.`);
  if (error.code === '23505') return new EchelonError('conflict', `${what}: it already exists.`);
  if (/fetch failed|ECONNREFUSED|network/i.test(error.message)) return new EchelonError('unavailable', `${what}: the team's Supabase project cannot be reached.`);
  return new EchelonError('invalid_input', `${what}: ${error.message}`);
}

function invitation(row: Record<string, unknown>): Invitation {
  return { id: String(row.id), orgId: String(row.org_id), organization: (row.org_name as string) || undefined, email: String(row.email), role: row.role as TeamRole, createdAt: String(row.created_at) };
}

/** Organizations, members and invitations, read and written through PostgREST as the signed-in person (RLS decides). */
export class TeamDirectory {
  constructor(private readonly client: () => SupabaseClient) {}

  async organizations(userId: string): Promise<Organization[]> {
    const memberships = await this.client().from('memberships').select('org_id, role').eq('user_id', userId);
    if (memberships.error) throw fail(memberships.error, 'Listing your organizations failed');
    const roles = new Map((memberships.data ?? []).map((row) => [String(row.org_id), row.role as TeamRole]));
    if (roles.size === 0) return [];
    const organizations = await this.client().from('organizations').select('id, name').in('id', [...roles.keys()]).order('name');
    if (organizations.error) throw fail(organizations.error, 'Listing your organizations failed');
    return (organizations.data ?? []).map((row) => ({ id: String(row.id), name: String(row.name), role: roles.get(String(row.id))! }));
  }

  async createOrganization(name: string): Promise<string> {
    const { data, error } = await this.client().rpc('create_organization', { name });
    if (error) throw fail(error, 'Creating the organization failed');
    return String((data as { id: string }).id);
  }

  async members(orgId: string, online: (userId: string) => boolean): Promise<Member[]> {
    const { data, error } = await this.client().from('memberships').select('user_id, email, display_name, role, created_at').eq('org_id', orgId).order('email');
    if (error) throw fail(error, 'Listing the members failed');
    return (data ?? []).map((row) => ({
      userId: String(row.user_id),
      email: String(row.email),
      name: (row.display_name as string | null) ?? undefined,
      role: row.role as TeamRole,
      joinedAt: String(row.created_at),
      online: online(String(row.user_id)),
    }));
  }

  async invite(orgId: string, invitedBy: string, email: string, role: TeamRole): Promise<Invitation> {
    const { data, error } = await this.client().from('invitations').insert({ org_id: orgId, email: email.toLowerCase(), role, invited_by: invitedBy }).select().single();
    if (error) throw fail(error, `Inviting ${email} failed`);
    return invitation(data as Record<string, unknown>);
  }

  async invitations(orgId: string | undefined, email: string): Promise<{ sent: Invitation[]; received: Invitation[] }> {
    const open = () => this.client().from('invitations').select('id, org_id, org_name, email, role, created_at').is('accepted_at', null);
    const received = await open().eq('email', email.toLowerCase()).order('created_at');
    if (received.error) throw fail(received.error, 'Listing invitations failed');
    const sent = orgId ? await open().eq('org_id', orgId).order('created_at') : { data: [], error: null };
    if (sent.error) throw fail(sent.error, 'Listing invitations failed');
    return { sent: (sent.data ?? []).map(invitation), received: (received.data ?? []).map(invitation) };
  }

  async acceptInvitation(id: string): Promise<string> {
    const { data, error } = await this.client().rpc('accept_invitation', { invitation_id: id });
    if (error) throw fail(error, 'Accepting the invitation failed');
    return String((data as { org_id: string }).org_id);
  }

  async withdrawInvitation(id: string): Promise<boolean> {
    const { data, error } = await this.client().from('invitations').delete().eq('id', id).select('id');
    if (error) throw fail(error, 'Withdrawing the invitation failed');
    return (data ?? []).length > 0;
  }

  async setRole(orgId: string, userId: string, role: TeamRole): Promise<void> {
    const { data, error } = await this.client().from('memberships').update({ role }).eq('org_id', orgId).eq('user_id', userId).select('user_id');
    if (error) throw fail(error, 'Changing the role failed');
    if ((data ?? []).length === 0) throw new EchelonError('forbidden', 'Changing the role failed: only admins change roles.');
  }

  async removeMember(orgId: string, userId: string): Promise<void> {
    const { data, error } = await this.client().from('memberships').delete().eq('org_id', orgId).eq('user_id', userId).select('user_id');
    if (error) throw fail(error, 'Removing the member failed');
    if ((data ?? []).length === 0) throw new EchelonError('forbidden', 'Removing the member failed: only admins remove members.');
  }
}

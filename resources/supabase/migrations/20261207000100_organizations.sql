-- Echelon team backend, part 1: organizations, memberships, invitations, agent assignments.
--
-- Roles: admin (everything, manages people), agent_manager (writes workflows, agents and
-- definitions), viewer (reads; sees only the agents assigned to them).
--
-- Schema `private` is never exposed through PostgREST: it holds the helpers the policies call
-- and, later, the workers' execution state (executions, step checkpoints, idempotency keys).

create schema if not exists private;
revoke all on schema private from public;
grant usage on schema private to authenticated, service_role;

create type public.member_role as enum ('admin', 'agent_manager', 'viewer');

create table public.organizations (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(btrim(name)) between 1 and 200),
  created_at timestamptz not null default now(),
  created_by uuid references auth.users (id) on delete set null
);

create table public.memberships (
  org_id uuid not null references public.organizations (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role public.member_role not null,
  email text not null,
  display_name text,
  created_at timestamptz not null default now(),
  primary key (org_id, user_id)
);
create index memberships_user on public.memberships (user_id);

create table public.invitations (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  email text not null check (email = lower(email) and email like '%_@_%'),
  role public.member_role not null,
  -- Copied from the organization: the invited person cannot read it until they join.
  org_name text not null default '',
  invited_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  accepted_at timestamptz,
  unique (org_id, email)
);
create index invitations_email on public.invitations (email) where accepted_at is null;

-- A viewer sees an agent (and its tasks) only when assigned to it.
create table public.agent_assignments (
  org_id uuid not null references public.organizations (id) on delete cascade,
  agent_id text not null,
  user_id uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (org_id, agent_id, user_id)
);
create index agent_assignments_user on public.agent_assignments (user_id, org_id);

-- The caller's role in an organization, or null. Security definer so policies on memberships
-- can ask it without recursing into memberships' own policies.
create function private.role_in(org uuid) returns public.member_role
language sql stable security definer set search_path = '' as $$
  select m.role from public.memberships m where m.org_id = org and m.user_id = auth.uid()
$$;

create function private.is_member(org uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (select 1 from public.memberships m where m.org_id = org and m.user_id = auth.uid())
$$;

create function private.name_invitation() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  new.org_name := (select o.name from public.organizations o where o.id = new.org_id);
  return new;
end $$;
create trigger invitations_org_name before insert on public.invitations
  for each row execute function private.name_invitation();

-- The caller's organizations (by role) and agent assignments as sets. Policies ask
-- `org_id in (select private.member_orgs())`: PostgreSQL evaluates the sub-select once per
-- statement (an InitPlan), where a per-row function call would cost a query per row.
create function private.member_orgs() returns setof uuid
language sql stable security definer set search_path = '' as $$
  select m.org_id from public.memberships m where m.user_id = auth.uid()
$$;

create function private.writer_orgs() returns setof uuid
language sql stable security definer set search_path = '' as $$
  select m.org_id from public.memberships m where m.user_id = auth.uid() and m.role in ('admin', 'agent_manager')
$$;

create function private.admin_orgs() returns setof uuid
language sql stable security definer set search_path = '' as $$
  select m.org_id from public.memberships m where m.user_id = auth.uid() and m.role = 'admin'
$$;

create function private.assigned_agents() returns setof text
language sql stable security definer set search_path = '' as $$
  select a.org_id::text || '/' || a.agent_id from public.agent_assignments a where a.user_id = auth.uid()
$$;

revoke all on all functions in schema private from public;
grant execute on all functions in schema private to authenticated, service_role;

-- An organization always keeps one admin: the last one can neither leave nor be demoted.
create function private.keep_an_admin() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if old.role = 'admin' and (tg_op = 'DELETE' or new.role <> 'admin')
     and exists (select 1 from public.organizations o where o.id = old.org_id)
     and not exists (select 1 from public.memberships m where m.org_id = old.org_id and m.role = 'admin' and m.user_id <> old.user_id) then
    raise exception 'An organization needs at least one admin: make someone else admin first.' using errcode = 'P0001';
  end if;
  return coalesce(new, old);
end $$;
create trigger memberships_keep_an_admin before update or delete on public.memberships
  for each row execute function private.keep_an_admin();

alter table public.organizations enable row level security;
alter table public.memberships enable row level security;
alter table public.invitations enable row level security;
alter table public.agent_assignments enable row level security;

create policy "members read their organization" on public.organizations
  for select to authenticated using (id in (select private.member_orgs()));
create policy "admins rename their organization" on public.organizations
  for update to authenticated using (id in (select private.admin_orgs())) with check (id in (select private.admin_orgs()));
create policy "admins delete their organization" on public.organizations
  for delete to authenticated using (id in (select private.admin_orgs()));

create policy "members read their organization's members" on public.memberships
  for select to authenticated using (org_id in (select private.member_orgs()));
create policy "admins add members" on public.memberships
  for insert to authenticated with check (org_id in (select private.admin_orgs()));
create policy "admins change roles" on public.memberships
  for update to authenticated using (org_id in (select private.admin_orgs())) with check (org_id in (select private.admin_orgs()));
create policy "admins remove members" on public.memberships
  for delete to authenticated using (org_id in (select private.admin_orgs()));

create policy "admins and the invited person read invitations" on public.invitations
  for select to authenticated using (org_id in (select private.admin_orgs()) or email = lower(auth.jwt() ->> 'email'));
create policy "admins invite" on public.invitations
  for insert to authenticated with check (org_id in (select private.admin_orgs()) and invited_by = auth.uid());
create policy "admins withdraw invitations" on public.invitations
  for delete to authenticated using (org_id in (select private.admin_orgs()));

create policy "members read assignments" on public.agent_assignments
  for select to authenticated using (org_id in (select private.member_orgs()));
create policy "managers assign agents" on public.agent_assignments
  for insert to authenticated with check (org_id in (select private.writer_orgs()));
create policy "managers unassign agents" on public.agent_assignments
  for delete to authenticated using (org_id in (select private.writer_orgs()));

-- Creating an organization makes the caller its first admin, in one step.
create function public.create_organization(name text) returns public.organizations
language plpgsql security definer set search_path = '' as $$
declare
  created public.organizations;
begin
  if auth.uid() is null then
    raise exception 'Sign in to create an organization.' using errcode = '42501';
  end if;
  insert into public.organizations (name, created_by) values (btrim(create_organization.name), auth.uid()) returning * into created;
  insert into public.memberships (org_id, user_id, role, email, display_name)
    values (created.id, auth.uid(), 'admin', coalesce(auth.jwt() ->> 'email', ''), auth.jwt() -> 'user_metadata' ->> 'name');
  return created;
end $$;

-- The invited person (matched by the email of their session) joins with the invited role.
create function public.accept_invitation(invitation_id uuid) returns public.memberships
language plpgsql security definer set search_path = '' as $$
declare
  invitation public.invitations;
  joined public.memberships;
begin
  select * into invitation from public.invitations i
    where i.id = invitation_id and i.accepted_at is null and i.email = lower(auth.jwt() ->> 'email')
    for update;
  if not found then
    raise exception 'No open invitation for you with this id: ask an admin to invite your email address.' using errcode = 'P0002';
  end if;
  insert into public.memberships (org_id, user_id, role, email, display_name)
    values (invitation.org_id, auth.uid(), invitation.role, invitation.email, auth.jwt() -> 'user_metadata' ->> 'name')
    on conflict (org_id, user_id) do update set role = excluded.role
    returning * into joined;
  update public.invitations set accepted_at = now() where id = invitation.id;
  return joined;
end $$;

revoke execute on function public.create_organization(text) from public, anon;
revoke execute on function public.accept_invitation(uuid) from public, anon;
grant execute on function public.create_organization(text) to authenticated;
grant execute on function public.accept_invitation(uuid) to authenticated;

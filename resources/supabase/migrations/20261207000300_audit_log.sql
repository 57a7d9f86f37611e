-- Echelon team backend, part 3: the team's audit log. Members append their own entries;
-- only admins read; nobody changes or removes one.

create table public.audit_log (
  id bigint generated always as identity primary key,
  org_id uuid not null references public.organizations (id) on delete cascade,
  actor uuid not null default auth.uid(),
  actor_email text not null default '',
  -- `workflow.save`, `workflow.delete`, `secret.decrypt`, `member.invite`, ...
  action text not null check (length(action) between 1 and 100),
  subject_kind text,
  subject_id text,
  subject_name text,
  detail jsonb not null default '{}',
  -- When it happened on the desktop (it may have been offline), and when the server got it.
  occurred_at timestamptz not null,
  recorded_at timestamptz not null default now(),
  -- The desktop's own id for the entry, so a retried push adds it once.
  client_entry text,
  unique (org_id, actor, client_entry)
);
create index audit_log_org_time on public.audit_log (org_id, occurred_at desc);
create index audit_log_action on public.audit_log (org_id, action);

alter table public.audit_log enable row level security;

create policy "members append their own entries" on public.audit_log for insert to authenticated
  with check (private.is_member(org_id) and actor = auth.uid());
create policy "admins read the audit log" on public.audit_log for select to authenticated
  using (private.is_admin(org_id));

revoke update, delete, truncate on public.audit_log from anon, authenticated;

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
  with check (org_id in (select private.member_orgs()) and actor = auth.uid());
create policy "admins read the audit log" on public.audit_log for select to authenticated
  using (org_id in (select private.admin_orgs()));

revoke update, delete, truncate on public.audit_log from anon, authenticated;

-- How desktops append their entries: in one call, each at most once (a retried push adds
-- nothing), always as the caller. (An upsert through the API cannot ignore duplicates here:
-- ON CONFLICT checks the read policy, which only admins pass.)
create function public.audit_append(org uuid, entries jsonb) returns integer
language plpgsql security definer set search_path = '' as $$
declare
  added integer;
begin
  if auth.uid() is null or not private.is_member(org) then
    raise exception 'Only members append to an organization''s audit log.' using errcode = '42501';
  end if;
  if jsonb_typeof(entries) <> 'array' or jsonb_array_length(entries) > 1000 then
    raise exception 'entries must be an array of at most 1000 entries.' using errcode = '22023';
  end if;
  insert into public.audit_log (org_id, actor, actor_email, action, subject_kind, subject_id, subject_name, detail, occurred_at, client_entry)
  select org, auth.uid(), coalesce(auth.jwt() ->> 'email', ''), e.action, e.subject_kind, e.subject_id, e.subject_name, coalesce(e.detail, '{}'), e.occurred_at, e.client_entry
  from jsonb_to_recordset(entries) as e(action text, subject_kind text, subject_id text, subject_name text, detail jsonb, occurred_at timestamptz, client_entry text)
  on conflict (org_id, actor, client_entry) do nothing;
  get diagnostics added = row_count;
  return added;
end $$;

revoke execute on function public.audit_append(uuid, jsonb) from public, anon;
grant execute on function public.audit_append(uuid, jsonb) to authenticated;

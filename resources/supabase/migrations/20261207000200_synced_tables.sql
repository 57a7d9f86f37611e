-- Echelon team backend, part 2: the tables desktops sync.
--
-- Every synced table has the same spine: (org_id, id) as key, `version` assigned by the server,
-- `updated_at`, `updated_by` and `deleted` (a tombstone: rows are never deleted, so a desktop
-- that was offline learns about the deletion from its next pull).
--
-- `version` is the id of the transaction that last wrote the row (pg_current_xact_id()). A pull
-- takes rows only below the oldest transaction still running (the snapshot's xmin): a
-- transaction that commits late with a smaller version is then never skipped, which a
-- timestamp or sequence cursor cannot promise.
--
-- Workers (team execution, a later migration) publish into execution_summaries and
-- agent_task_summaries with the same spine, keep a `workers` heartbeat table beside them, and
-- hold their execution rows, step checkpoints and idempotency keys in schema `private`.

create function private.stamp_version() returns trigger
language plpgsql set search_path = '' as $$
begin
  new.version := pg_current_xact_id()::text::bigint;
  new.updated_at := now();
  new.updated_by := coalesce(auth.uid(), new.updated_by);
  return new;
end $$;

create table public.workflows (
  org_id uuid not null references public.organizations (id) on delete cascade,
  id text not null check (length(id) between 1 and 128),
  name text not null,
  document jsonb not null,
  -- Counts document changes; workflow_versions keeps each one.
  revision integer not null default 1,
  version bigint not null default 0,
  updated_at timestamptz not null default now(),
  updated_by uuid,
  deleted boolean not null default false,
  primary key (org_id, id)
);

-- Every document a workflow had, written by the server (clients only read it).
create table public.workflow_versions (
  org_id uuid not null,
  workflow_id text not null,
  revision integer not null,
  document jsonb not null,
  created_at timestamptz not null default now(),
  created_by uuid,
  primary key (org_id, workflow_id, revision),
  foreign key (org_id, workflow_id) references public.workflows (org_id, id) on delete cascade
);

create table public.agents (
  org_id uuid not null references public.organizations (id) on delete cascade,
  id text not null check (length(id) between 1 and 128),
  name text not null,
  definition jsonb not null,
  version bigint not null default 0,
  updated_at timestamptz not null default now(),
  updated_by uuid,
  deleted boolean not null default false,
  primary key (org_id, id)
);

-- True when every value under `secrets` is a vault reference (`{{ secrets.NAME }}`), never a value.
create function private.only_secret_references(definition jsonb) returns boolean
language sql immutable set search_path = '' as $$
  select coalesce(bool_and(jsonb_typeof(value) = 'string' and value #>> '{}' ~ '^\{\{\s*secrets\.[A-Za-z_][A-Za-z0-9_]{0,127}(\.[A-Za-z0-9_-]+)?\s*\}\}$'), true)
  from jsonb_each(coalesce(definition -> 'secrets', '{}'::jsonb))
$$;

-- Integration connections: configuration, auth settings and vault references (names), never secret values.
create table public.integration_definitions (
  org_id uuid not null references public.organizations (id) on delete cascade,
  id text not null check (length(id) between 1 and 128),
  name text not null,
  plugin_id text not null,
  definition jsonb not null check (private.only_secret_references(definition)),
  version bigint not null default 0,
  updated_at timestamptz not null default now(),
  updated_by uuid,
  deleted boolean not null default false,
  primary key (org_id, id)
);

-- MCP server definitions; environment and headers hold `{{ secrets.NAME }}` references only.
create table public.mcp_servers (
  org_id uuid not null references public.organizations (id) on delete cascade,
  id text not null check (length(id) between 1 and 128),
  name text not null,
  definition jsonb not null,
  version bigint not null default 0,
  updated_at timestamptz not null default now(),
  updated_by uuid,
  deleted boolean not null default false,
  primary key (org_id, id)
);

-- What happened to a run, wherever it ran (a desktop or a worker): never its payloads.
create table public.execution_summaries (
  org_id uuid not null references public.organizations (id) on delete cascade,
  id text not null check (length(id) between 1 and 200),
  workflow_id text not null,
  workflow_name text not null default '',
  status text not null check (status in ('queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled', 'crashed')),
  trigger text,
  -- The desktop (its instance name) or worker that ran it.
  runner text not null default '',
  started_at timestamptz,
  finished_at timestamptz,
  duration_ms integer,
  error text,
  data jsonb not null default '{}',
  version bigint not null default 0,
  updated_at timestamptz not null default now(),
  updated_by uuid,
  deleted boolean not null default false,
  primary key (org_id, id)
);
create index execution_summaries_workflow on public.execution_summaries (org_id, workflow_id, started_at desc);

create table public.agent_task_summaries (
  org_id uuid not null references public.organizations (id) on delete cascade,
  id text not null check (length(id) between 1 and 200),
  agent_id text not null,
  agent_name text not null default '',
  status text not null,
  runner text not null default '',
  started_at timestamptz,
  finished_at timestamptz,
  duration_ms integer,
  error text,
  data jsonb not null default '{}',
  version bigint not null default 0,
  updated_at timestamptz not null default now(),
  updated_by uuid,
  deleted boolean not null default false,
  primary key (org_id, id)
);
create index agent_task_summaries_agent on public.agent_task_summaries (org_id, agent_id, started_at desc);

-- The pull query walks (org_id, version, id) in every synced table.
create index workflows_pull on public.workflows (org_id, version, id);
create index agents_pull on public.agents (org_id, version, id);
create index integration_definitions_pull on public.integration_definitions (org_id, version, id);
create index mcp_servers_pull on public.mcp_servers (org_id, version, id);
create index execution_summaries_pull on public.execution_summaries (org_id, version, id);
create index agent_task_summaries_pull on public.agent_task_summaries (org_id, version, id);

create trigger workflows_version before insert or update on public.workflows for each row execute function private.stamp_version();
create trigger agents_version before insert or update on public.agents for each row execute function private.stamp_version();
create trigger integration_definitions_version before insert or update on public.integration_definitions for each row execute function private.stamp_version();
create trigger mcp_servers_version before insert or update on public.mcp_servers for each row execute function private.stamp_version();
create trigger execution_summaries_version before insert or update on public.execution_summaries for each row execute function private.stamp_version();
create trigger agent_task_summaries_version before insert or update on public.agent_task_summaries for each row execute function private.stamp_version();

-- Each new document of a workflow lands in its history.
create function private.record_workflow_version() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if tg_op = 'UPDATE' and new.document = old.document then
    new.revision := old.revision;
    return new;
  end if;
  if tg_op = 'UPDATE' then new.revision := old.revision + 1; end if;
  return new;
end $$;
create trigger workflows_revision before insert or update on public.workflows for each row execute function private.record_workflow_version();

create function private.append_workflow_version() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if tg_op = 'INSERT' or new.revision <> old.revision then
    insert into public.workflow_versions (org_id, workflow_id, revision, document, created_by)
      values (new.org_id, new.id, new.revision, new.document, new.updated_by)
      on conflict do nothing;
  end if;
  return null;
end $$;
create trigger workflows_history after insert or update on public.workflows for each row execute function private.append_workflow_version();

alter table public.workflows enable row level security;
alter table public.workflow_versions enable row level security;
alter table public.agents enable row level security;
alter table public.integration_definitions enable row level security;
alter table public.mcp_servers enable row level security;
alter table public.execution_summaries enable row level security;
alter table public.agent_task_summaries enable row level security;

create policy "members read workflows" on public.workflows for select to authenticated using (org_id in (select private.member_orgs()));
create policy "managers add workflows" on public.workflows for insert to authenticated with check (org_id in (select private.writer_orgs()));
create policy "managers change workflows" on public.workflows for update to authenticated using (org_id in (select private.writer_orgs())) with check (org_id in (select private.writer_orgs()));

create policy "members read workflow history" on public.workflow_versions for select to authenticated using (org_id in (select private.member_orgs()));

create policy "managers, and viewers assigned, read agents" on public.agents for select to authenticated
  using (org_id in (select private.writer_orgs()) or org_id::text || '/' || id in (select private.assigned_agents()));
create policy "managers add agents" on public.agents for insert to authenticated with check (org_id in (select private.writer_orgs()));
create policy "managers change agents" on public.agents for update to authenticated using (org_id in (select private.writer_orgs())) with check (org_id in (select private.writer_orgs()));

create policy "members read integration definitions" on public.integration_definitions for select to authenticated using (org_id in (select private.member_orgs()));
create policy "managers add integration definitions" on public.integration_definitions for insert to authenticated with check (org_id in (select private.writer_orgs()));
create policy "managers change integration definitions" on public.integration_definitions for update to authenticated using (org_id in (select private.writer_orgs())) with check (org_id in (select private.writer_orgs()));

create policy "members read MCP servers" on public.mcp_servers for select to authenticated using (org_id in (select private.member_orgs()));
create policy "managers add MCP servers" on public.mcp_servers for insert to authenticated with check (org_id in (select private.writer_orgs()));
create policy "managers change MCP servers" on public.mcp_servers for update to authenticated using (org_id in (select private.writer_orgs())) with check (org_id in (select private.writer_orgs()));

create policy "members read execution summaries" on public.execution_summaries for select to authenticated using (org_id in (select private.member_orgs()));
create policy "managers publish execution summaries" on public.execution_summaries for insert to authenticated with check (org_id in (select private.writer_orgs()));
create policy "managers update execution summaries" on public.execution_summaries for update to authenticated using (org_id in (select private.writer_orgs())) with check (org_id in (select private.writer_orgs()));

create policy "managers, and viewers assigned, read agent tasks" on public.agent_task_summaries for select to authenticated
  using (org_id in (select private.writer_orgs()) or org_id::text || '/' || agent_id in (select private.assigned_agents()));
create policy "managers publish agent tasks" on public.agent_task_summaries for insert to authenticated with check (org_id in (select private.writer_orgs()));
create policy "managers update agent tasks" on public.agent_task_summaries for update to authenticated using (org_id in (select private.writer_orgs())) with check (org_id in (select private.writer_orgs()));

-- Rows are tombstoned, never deleted by clients.
revoke delete, truncate on public.workflows, public.workflow_versions, public.agents, public.integration_definitions,
  public.mcp_servers, public.execution_summaries, public.agent_task_summaries from anon, authenticated;
revoke insert, update on public.workflow_versions from anon, authenticated;

-- Echelon team backend, part 9: files of team runs (binary data, and step payloads too large for
-- their row) where every worker and every member's desktop can read them.
--
-- A worker writes a run's files to its own disk as the desktop does, and commits them here in the
-- same transaction as the checkpoint that first refers to them; a worker that takes a run over
-- fetches them before it resumes. Postgres rather than a shared directory: workers run on other
-- machines, and this database is already what they all reach and what the team backs up; bytea
-- rather than large objects: rows go with their execution (cascade) and through the pooler.
-- Workers refuse a binary over their limit (`echelon worker --binary-max-mb`, 32 by default).

create table private.execution_files (
  execution_id bigint not null references private.executions (id) on delete cascade,
  -- The path under the worker's payload folder: `<execution id>/<name>`.
  file text not null check (length(file) between 1 and 512),
  org_id uuid not null references public.organizations (id) on delete cascade,
  bytes integer not null check (bytes >= 0),
  data bytea not null,
  created_at bigint not null default private.now_ms(),
  primary key (execution_id, file)
);

revoke all on private.execution_files from public, anon, authenticated;
grant select, insert, update on private.execution_files to echelon_worker;

-- A member's desktop reads one file of a team run (a binary in the run's detail).
create function public.execution_file(org uuid, execution_id bigint, file text)
returns bytea
language sql stable security definer set search_path = '' as $$
  select f.data from private.execution_files f
  where f.org_id = org and f.execution_id = execution_file.execution_id and f.file = execution_file.file
    and org in (select private.member_orgs())
$$;
revoke execute on function public.execution_file(uuid, bigint, text) from public, anon;
grant execute on function public.execution_file(uuid, bigint, text) to authenticated;

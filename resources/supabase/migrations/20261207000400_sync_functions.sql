-- Echelon team backend, part 4: the two functions the sync engine calls.
--
-- sync_push applies a batch of changes in one transaction. Each change names the version it
-- was based on; a row that moved on meanwhile is not overwritten but returned as a conflict
-- (the desktop merges and pushes again). It runs as its owner (security definer) and so checks
-- the caller's role itself, change by change.
--
-- sync_pull returns one page of rows changed after a cursor, as the caller (RLS applies), and
-- only rows below the oldest running transaction (`horizon`).

-- The synced kinds and their tables: the only names dynamic SQL below may use.
create function private.synced_table(kind text) returns text
language sql immutable set search_path = '' as $$
  select case kind
    when 'workflow' then 'workflows'
    when 'agent' then 'agents'
    when 'integration' then 'integration_definitions'
    when 'mcp_server' then 'mcp_servers'
    when 'execution' then 'execution_summaries'
    when 'agent_task' then 'agent_task_summaries'
  end
$$;

create function public.sync_push(org uuid, changes jsonb) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  caller_role public.member_role := private.role_in(org);
  change jsonb;
  kind text;
  tbl text;
  key text;
  base bigint;
  current_version bigint;
  is_deleted boolean;
  remote jsonb;
  incoming jsonb;
  columns text;
  targets text;
  updates text;
  written bigint;
  results jsonb := '[]'::jsonb;
  -- Each table's columns, looked up once per call.
  known_columns jsonb := '{}'::jsonb;
begin
  if auth.uid() is null then
    raise exception 'Sign in to sync.' using errcode = '42501';
  end if;
  if caller_role is null then
    raise exception 'You are not a member of this organization.' using errcode = '42501';
  end if;
  if jsonb_typeof(changes) <> 'array' or jsonb_array_length(changes) > 5000 then
    raise exception 'changes must be an array of at most 5000 changes.' using errcode = '22023';
  end if;

  for change in select value from jsonb_array_elements(changes) loop
    kind := change ->> 'kind';
    key := change ->> 'id';
    tbl := private.synced_table(kind);
    if tbl is null or key is null then
      results := results || jsonb_build_object('kind', kind, 'id', key, 'status', 'rejected', 'reason', format('Unknown kind %L or missing id.', kind));
      continue;
    end if;
    if caller_role not in ('admin', 'agent_manager') then
      results := results || jsonb_build_object('kind', kind, 'id', key, 'status', 'rejected',
        'reason', format('Your role (%s) can read but not change shared %s. Ask an admin for the agent manager role.', caller_role, replace(tbl, '_', ' ')));
      continue;
    end if;

    base := nullif(change ->> 'base_version', '')::bigint;
    is_deleted := coalesce((change ->> 'deleted')::boolean, false);
    execute format('select version, to_jsonb(t) from public.%I t where org_id = $1 and id = $2 for update', tbl)
      into current_version, remote using org, key;

    if current_version is not null and current_version is distinct from base then
      results := results || jsonb_build_object('kind', kind, 'id', key, 'status', 'conflict', 'remote', remote);
      continue;
    end if;

    begin
      if is_deleted then
        execute format('update public.%I set deleted = true where org_id = $1 and id = $2 returning version', tbl)
          into written using org, key;
      else
        -- The row's own columns come from the change; the key, tombstone and stamp are ours.
        incoming := coalesce(change -> 'row', '{}'::jsonb) - 'version' - 'updated_at' - 'updated_by'
          || jsonb_build_object('org_id', org, 'id', key, 'deleted', false);
        if not known_columns ? tbl then
          known_columns := known_columns || jsonb_build_object(tbl, (
            select jsonb_agg(a.attname order by a.attnum) from pg_attribute a
            where a.attrelid = format('public.%I', tbl)::regclass and a.attnum > 0 and not a.attisdropped));
        end if;
        select string_agg(format('%I', c.name), ', ' order by c.position),
               string_agg(format('%I', c.name), ', ' order by c.position) filter (where c.name not in ('org_id', 'id')),
               string_agg(format('excluded.%I', c.name), ', ' order by c.position) filter (where c.name not in ('org_id', 'id'))
          into columns, targets, updates
          from jsonb_array_elements_text(known_columns -> tbl) with ordinality as c(name, position)
          where c.name not in ('version', 'updated_at', 'updated_by') and incoming ? c.name;
        -- Only the columns the change carries: the others keep their defaults (or current values).
        execute format(
          'insert into public.%1$I as t (%2$s) select %2$s from jsonb_populate_record(null::public.%1$I, $1)
             on conflict (org_id, id) do update set (%3$s) = row(%4$s)
             returning version', tbl, columns, targets, updates)
          into written using incoming;
      end if;
      results := results || jsonb_build_object('kind', kind, 'id', key, 'status', 'applied', 'version', written);
    exception when others then
      results := results || jsonb_build_object('kind', kind, 'id', key, 'status', 'rejected', 'reason', sqlerrm);
    end;
  end loop;
  return jsonb_build_object('results', results);
end $$;

create function public.sync_pull(org uuid, after_version bigint default 0, after_kind text default null, after_id text default null, page_size integer default 1000)
returns jsonb
language plpgsql stable security invoker set search_path = '' as $$
declare
  horizon bigint := pg_snapshot_xmin(pg_current_snapshot())::text::bigint;
  size integer := least(greatest(coalesce(page_size, 1000), 1), 5000);
  page_rows jsonb;
begin
  -- Each branch starts after the cursor itself, so a page never fills with rows already seen.
  with changed as (
    (select 'workflow' as kind, t.id, t.version, to_jsonb(t) as row from public.workflows t
      where t.org_id = org and t.version >= after_version and t.version < horizon
        and (t.version > after_version or (after_kind is not null and ('workflow', t.id) > (after_kind, coalesce(after_id, ''))))
      order by t.version, t.id limit size)
    union all
    (select 'agent', t.id, t.version, to_jsonb(t) from public.agents t
      where t.org_id = org and t.version >= after_version and t.version < horizon
        and (t.version > after_version or (after_kind is not null and ('agent', t.id) > (after_kind, coalesce(after_id, ''))))
      order by t.version, t.id limit size)
    union all
    (select 'integration', t.id, t.version, to_jsonb(t) from public.integration_definitions t
      where t.org_id = org and t.version >= after_version and t.version < horizon
        and (t.version > after_version or (after_kind is not null and ('integration', t.id) > (after_kind, coalesce(after_id, ''))))
      order by t.version, t.id limit size)
    union all
    (select 'mcp_server', t.id, t.version, to_jsonb(t) from public.mcp_servers t
      where t.org_id = org and t.version >= after_version and t.version < horizon
        and (t.version > after_version or (after_kind is not null and ('mcp_server', t.id) > (after_kind, coalesce(after_id, ''))))
      order by t.version, t.id limit size)
    union all
    (select 'execution', t.id, t.version, to_jsonb(t) from public.execution_summaries t
      where t.org_id = org and t.version >= after_version and t.version < horizon
        and (t.version > after_version or (after_kind is not null and ('execution', t.id) > (after_kind, coalesce(after_id, ''))))
      order by t.version, t.id limit size)
    union all
    (select 'agent_task', t.id, t.version, to_jsonb(t) from public.agent_task_summaries t
      where t.org_id = org and t.version >= after_version and t.version < horizon
        and (t.version > after_version or (after_kind is not null and ('agent_task', t.id) > (after_kind, coalesce(after_id, ''))))
      order by t.version, t.id limit size)
  ), page as (
    select * from changed c
    order by c.version, c.kind, c.id
    limit size
  )
  select coalesce(jsonb_agg(jsonb_build_object('kind', p.kind, 'id', p.id, 'version', p.version, 'row', p.row) order by p.version, p.kind, p.id), '[]'::jsonb)
    into page_rows from page p;
  return jsonb_build_object('horizon', horizon, 'rows', page_rows, 'more', jsonb_array_length(page_rows) = size);
end $$;

revoke execute on function public.sync_push(uuid, jsonb) from public, anon;
revoke execute on function public.sync_pull(uuid, bigint, text, text, integer) from public, anon;
grant execute on function public.sync_push(uuid, jsonb) to authenticated, service_role;
grant execute on function public.sync_pull(uuid, bigint, text, text, integer) to authenticated, service_role;

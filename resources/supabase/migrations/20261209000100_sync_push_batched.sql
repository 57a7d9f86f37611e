-- Echelon team backend, part 7: sync_push applies a batch set by set.
--
-- The first sync_push wrote change by change, each in its own subtransaction (to turn one bad
-- row into a "rejected" answer): about 4 ms a change, 250 changes a second at best, and past 64
-- subtransactions every snapshot in the database overflows to pg_subtrans. This version writes
-- each kind's changes with one statement per column set inside a single subtransaction; only when
-- that statement fails (a row breaks a constraint) does that kind's share fall back to the change
-- by change path, so a bad row is still refused alone and its neighbours still land.
--
-- Answers are the same as before: applied (with the version), conflict (with the team's row) or
-- rejected (with the reason).

-- One change at a time: the fallback when a set of changes fails as a whole.
create function private.sync_push_one(org uuid, tbl text, change jsonb) returns jsonb
language plpgsql security invoker set search_path = '' as $$
declare
  kind text := change ->> 'kind';
  key text := change ->> 'id';
  base bigint := nullif(change ->> 'base_version', '')::bigint;
  current_version bigint;
  remote jsonb;
  incoming jsonb;
  columns text;
  targets text;
  updates text;
  written bigint;
begin
  execute format('select version, to_jsonb(t) from public.%I t where org_id = $1 and id = $2 for update', tbl)
    into current_version, remote using org, key;
  if current_version is not null and current_version is distinct from base then
    return jsonb_build_object('kind', kind, 'id', key, 'status', 'conflict', 'remote', remote);
  end if;
  begin
    if coalesce((change ->> 'deleted')::boolean, false) then
      execute format('update public.%I set deleted = true where org_id = $1 and id = $2 returning version', tbl)
        into written using org, key;
    else
      incoming := private.sync_incoming(org, change);
      select * into columns, targets, updates from private.sync_column_lists(tbl, incoming);
      execute format(
        'insert into public.%1$I as t (%2$s) select %2$s from jsonb_populate_record(null::public.%1$I, $1)
           on conflict (org_id, id) do update set (%3$s) = row(%4$s)
           returning version', tbl, columns, targets, updates)
        into written using incoming;
    end if;
    return jsonb_build_object('kind', kind, 'id', key, 'status', 'applied', 'version', written);
  exception when others then
    return jsonb_build_object('kind', kind, 'id', key, 'status', 'rejected', 'reason', sqlerrm);
  end;
end $$;

-- A change's row as it is written: its own columns, with the key and tombstone ours (the version,
-- time and author are the trigger's).
create function private.sync_incoming(org uuid, change jsonb) returns jsonb
language sql immutable set search_path = '' as $$
  select coalesce(change -> 'row', '{}'::jsonb) - 'version' - 'updated_at' - 'updated_by'
    || jsonb_build_object('org_id', org, 'id', change ->> 'id', 'deleted', false)
$$;

-- The column lists of an upsert writing only the columns `incoming` carries (the others keep
-- their defaults or current values): all of them, the updated ones, and `excluded.` of those.
create function private.sync_column_lists(tbl text, incoming jsonb, out columns text, out targets text, out updates text)
language sql stable set search_path = '' as $$
  select string_agg(format('%I', a.attname), ', ' order by a.attnum),
         string_agg(format('%I', a.attname), ', ' order by a.attnum) filter (where a.attname not in ('org_id', 'id')),
         string_agg(format('excluded.%I', a.attname), ', ' order by a.attnum) filter (where a.attname not in ('org_id', 'id'))
    from pg_attribute a
   where a.attrelid = format('public.%I', tbl)::regclass and a.attnum > 0 and not a.attisdropped
     and a.attname not in ('version', 'updated_at', 'updated_by') and incoming ? a.attname
$$;

create or replace function public.sync_push(org uuid, changes jsonb) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  caller_role public.member_role := private.role_in(org);
  results jsonb[] := '{}';
  answered jsonb[];
  share record;
  change jsonb;
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

  -- Unknown kinds, missing ids and (for viewers) everything are refused before anything is written.
  select coalesce(array_agg(case
           when private.synced_table(c.value ->> 'kind') is null or c.value ->> 'id' is null then
             jsonb_build_object('kind', c.value ->> 'kind', 'id', c.value ->> 'id', 'status', 'rejected', 'reason', format('Unknown kind %L or missing id.', c.value ->> 'kind'))
           else
             jsonb_build_object('kind', c.value ->> 'kind', 'id', c.value ->> 'id', 'status', 'rejected',
               'reason', format('Your role (%s) can read but not change shared %s. Ask an admin for the agent manager role.', caller_role, replace(private.synced_table(c.value ->> 'kind'), '_', ' ')))
         end order by c.ordinality), '{}')
    into results
    from jsonb_array_elements(changes) with ordinality c
   where private.synced_table(c.value ->> 'kind') is null or c.value ->> 'id' is null or caller_role not in ('admin', 'agent_manager');
  if caller_role not in ('admin', 'agent_manager') then
    return jsonb_build_object('results', to_jsonb(results));
  end if;

  -- One share per table: its changes (the last one per id, as the outbox holds one per entity).
  for share in
    select private.synced_table(c.value ->> 'kind') as tbl, c.value ->> 'kind' as kind,
           jsonb_agg(c.value order by c.ordinality) as changes
      from (select distinct on (c.value ->> 'kind', c.value ->> 'id') c.value, c.ordinality
              from jsonb_array_elements(changes) with ordinality c
             where private.synced_table(c.value ->> 'kind') is not null and c.value ->> 'id' is not null
             order by c.value ->> 'kind', c.value ->> 'id', c.ordinality desc) c
     group by 1, 2
  loop
    begin
      answered := private.sync_push_share(org, share.tbl, share.kind, share.changes);
    exception when others then
      -- Some row broke a rule: change by change, so only that one is refused.
      answered := '{}';
      for change in select value from jsonb_array_elements(share.changes) loop
        answered := answered || private.sync_push_one(org, share.tbl, change);
      end loop;
    end;
    results := results || answered;
  end loop;
  -- In the order the changes came (a hash join: batches hold thousands).
  return jsonb_build_object('results', (
    select coalesce(jsonb_agg(x.answer order by x.position), '[]')
      from (select distinct on (c.ordinality) c.ordinality as position, r.answer
              from jsonb_array_elements(changes) with ordinality c
              join unnest(results) r(answer)
                on coalesce(r.answer ->> 'kind', '') = coalesce(c.value ->> 'kind', '') and coalesce(r.answer ->> 'id', '') = coalesce(c.value ->> 'id', '')
             order by c.ordinality) x));
end $$;

-- One table's changes in a few statements: lock what exists, answer conflicts, tombstone the
-- deletions, and upsert the rest with one statement per column set. Raises on any failure (the
-- caller then goes change by change).
create function private.sync_push_share(org uuid, tbl text, kind text, changes jsonb) returns jsonb[]
language plpgsql security invoker set search_path = '' as $$
declare
  current jsonb;
  answers jsonb[];
  written jsonb[];
  deletions text[];
  column_set record;
  columns text;
  targets text;
  updates text;
begin
  -- The rows as they are now, locked until commit (in key order, as every pusher locks them).
  execute format(
    'select coalesce(jsonb_object_agg(t.id, jsonb_build_object(''version'', t.version, ''remote'', to_jsonb(t))), ''{}'')
       from (select * from public.%I t where t.org_id = $1 and t.id in (select c.value ->> ''id'' from jsonb_array_elements($2) c)
              order by t.id for update) t', tbl)
    into current using org, changes;

  -- A row that moved on since the change's base is the team's to keep: answered as a conflict.
  select coalesce(array_agg(jsonb_build_object('kind', kind, 'id', c.value ->> 'id', 'status', 'conflict', 'remote', current -> (c.value ->> 'id') -> 'remote')), '{}')
    into answers
    from jsonb_array_elements(changes) c
   where current ? (c.value ->> 'id')
     and (current -> (c.value ->> 'id') ->> 'version')::bigint is distinct from nullif(c.value ->> 'base_version', '')::bigint;

  select coalesce(array_agg(c.value ->> 'id'), '{}') into deletions
    from jsonb_array_elements(changes) c
   where coalesce((c.value ->> 'deleted')::boolean, false)
     and not (current ? (c.value ->> 'id') and (current -> (c.value ->> 'id') ->> 'version')::bigint is distinct from nullif(c.value ->> 'base_version', '')::bigint);
  if cardinality(deletions) > 0 then
    execute format(
      'with done as (update public.%I t set deleted = true where t.org_id = $1 and t.id = any($2) returning t.id, t.version)
       select array_agg(jsonb_build_object(''kind'', $3, ''id'', d.id, ''status'', ''applied'', ''version'', done.version))
         from unnest($2) d(id) left join done on done.id = d.id', tbl)
      into written using org, deletions, kind;
    answers := answers || written;
  end if;

  -- The upserts, grouped by the columns they carry (usually one group).
  for column_set in
    select w.column_key, jsonb_agg(w.incoming) as incoming
      from (select private.sync_incoming(org, c.value) as incoming,
                   (select string_agg(k, ',' order by k) from jsonb_object_keys(c.value -> 'row') k) as column_key
              from jsonb_array_elements(changes) c
             where not coalesce((c.value ->> 'deleted')::boolean, false)
               and not (current ? (c.value ->> 'id') and (current -> (c.value ->> 'id') ->> 'version')::bigint is distinct from nullif(c.value ->> 'base_version', '')::bigint)) w
     group by w.column_key
  loop
    select * into columns, targets, updates from private.sync_column_lists(tbl, column_set.incoming -> 0);
    execute format(
      'with done as (
         insert into public.%1$I as t (%2$s) select %2$s from jsonb_populate_recordset(null::public.%1$I, $1)
           on conflict (org_id, id) do update set (%3$s) = row(%4$s)
           returning t.id, t.version)
       select array_agg(jsonb_build_object(''kind'', $2, ''id'', done.id, ''status'', ''applied'', ''version'', done.version)) from done',
      tbl, columns, targets, updates)
      into written using column_set.incoming, kind;
    answers := answers || written;
  end loop;
  return answers;
end $$;

-- The helpers run with their caller's rights (sync_push's owner, when it calls them); nobody else calls them.
revoke execute on function private.sync_push_one(uuid, text, jsonb) from public;
revoke execute on function private.sync_push_share(uuid, text, text, jsonb) from public;

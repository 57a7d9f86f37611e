-- Echelon team backend, part 7: a worker's group commit refuses a run it no longer holds even
-- when the commit carries only that run's steps (a step about to call out, after another worker
-- took the run over or it was cancelled): before, those steps were dropped without a word and the
-- call went out twice. Same function otherwise (see 20261208000100_workers.sql).

create or replace function private.checkpoint(org uuid, owner text, runner text, executions jsonb, steps jsonb, keys jsonb)
returns bigint[]
language plpgsql security definer set search_path = '' as $$
declare
  accepted bigint[];
  refused bigint[];
begin
  with incoming as (
    select * from jsonb_to_recordset(executions) as x(id bigint, is_new boolean, queue text, workflow_id text, workflow_version integer, workflow_name text,
      status text, trigger text, priority smallint, run_at bigint, dedup_key text, parent_id bigint, parent_key text, input text, output text, error text,
      recoveries integer, dead_letter smallint, created_at bigint, started_at bigint, finished_at bigint)
  ), inserted as (
    insert into private.executions (id, org_id, queue, workflow_id, workflow_version, workflow_name, status, trigger, priority, run_at, dedup_key, parent_id,
        parent_key, input, output, error, recoveries, dead_letter, created_at, started_at, finished_at, lease_owner)
      select i.id, org, coalesce(i.queue, 'default'), i.workflow_id, i.workflow_version, i.workflow_name, i.status, i.trigger, i.priority, i.run_at, i.dedup_key,
        i.parent_id, i.parent_key, i.input, i.output, i.error, i.recoveries, i.dead_letter, i.created_at, i.started_at, i.finished_at, owner
      from incoming i where i.is_new
      on conflict (id) do nothing
      returning id
  ), updated as (
    update private.executions e set status = i.status, priority = i.priority, run_at = i.run_at, dedup_key = i.dedup_key, output = i.output,
        error = i.error, recoveries = i.recoveries, dead_letter = i.dead_letter, started_at = i.started_at, finished_at = i.finished_at
      from incoming i
      -- New rows too: a commit retried after its connection dropped finds them inserted.
      where e.id = i.id and e.lease_owner = owner
        and (e.status not in ('succeeded', 'failed', 'cancelled', 'crashed') or e.status = i.status)
      returning e.id
  )
  select coalesce(array_agg(a.id), '{}') into accepted from (select id from inserted union all select id from updated) a;
  -- Refused too: runs whose steps come without their row, when this worker no longer holds them
  -- or they were stopped meanwhile. The worker learns it before its next call goes out.
  select coalesce(array_agg(distinct r.id), '{}') into refused from (
    select i.id from jsonb_to_recordset(executions) as i(id bigint) where not i.id = any(accepted)
    union
    select s.execution_id from jsonb_to_recordset(steps) as s(execution_id bigint)
      where not s.execution_id = any(accepted)
        and not exists (select 1 from private.executions e where e.id = s.execution_id and e.lease_owner = owner and e.status in ('queued', 'running', 'waiting'))
  ) r;

  insert into private.execution_steps as t (execution_id, seq, node_id, node_type, run_index, status, attempt, input, output, error, logs, state,
      started_at, finished_at, wait_until)
    select s.execution_id, s.seq, s.node_id, s.node_type, s.run_index, s.status, s.attempt, s.input, s.output, s.error, s.logs, s.state,
      s.started_at, s.finished_at, s.wait_until
    from jsonb_to_recordset(steps) as s(execution_id bigint, seq integer, node_id text, node_type text, run_index integer, status text, attempt integer,
      input text, output text, error text, logs text, state text, started_at bigint, finished_at bigint, wait_until bigint)
    join private.executions e on e.id = s.execution_id and e.lease_owner = owner
    where not s.execution_id = any(refused)
    on conflict (execution_id, seq) do update set node_id = excluded.node_id, node_type = excluded.node_type, run_index = excluded.run_index,
      status = excluded.status, attempt = excluded.attempt, input = excluded.input, output = excluded.output, error = excluded.error, logs = excluded.logs,
      state = excluded.state, started_at = excluded.started_at, finished_at = excluded.finished_at, wait_until = excluded.wait_until;

  insert into private.idempotency_keys (key, execution_id, seq, node_id, owner)
    select k.key, k.execution_id, k.seq, k.node_id, owner
    from jsonb_to_recordset(keys) as k(key text, execution_id bigint, seq integer, node_id text)
    where not k.execution_id = any(refused)
    on conflict (key) do nothing;

  if cardinality(accepted) > 0 then
    perform private.publish_summaries(accepted, runner);
  end if;
  return refused;
end $$;

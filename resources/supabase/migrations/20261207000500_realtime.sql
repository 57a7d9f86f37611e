-- Echelon team backend, part 5: Realtime. Desktops subscribe to postgres_changes on these
-- tables, filtered by organization; Realtime applies each subscriber's RLS. A change is only a
-- hint to pull: the pull, not the event, is the truth.

do $$
begin
  if not exists (select 1 from pg_publication where pubname = 'supabase_realtime') then
    create publication supabase_realtime;
  end if;
end $$;

alter publication supabase_realtime add table
  public.workflows,
  public.agents,
  public.integration_definitions,
  public.mcp_servers,
  public.execution_summaries,
  public.agent_task_summaries,
  public.memberships,
  public.invitations,
  public.agent_assignments;

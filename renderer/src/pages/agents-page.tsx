import { Bot, Plus } from 'lucide-react';
import { useState } from 'react';
import { TaskState, type AgentDetail } from '../../../shared/contract';
import { useApiQuery } from '../api/hooks';
import { ActivityFeed } from '../agents/activity-feed';
import { AgentDetailView } from '../agents/agent-detail';
import { AgentGrid } from '../agents/agent-grid';
import { Analytics } from '../agents/analytics';
import { ApprovalsInbox } from '../agents/approvals-inbox';
import { TaskView } from '../agents/task-view';
import { TasksTable } from '../agents/tasks-table';
import { usd } from '../agents/status';
import { AgentWizard } from '../agents/wizard/agent-wizard';
import { draftOf, type Draft } from '../agents/wizard/draft';
import { CommandLine } from '../components/code';
import { EmptyState } from '../components/empty-state';
import { PageHeader } from '../components/page-header';
import { SegmentedChoice } from '../components/segmented-choice';
import '../agents/agents.css';

type View = 'overview' | 'tasks' | 'approvals' | 'analytics';

function Stat({ label, value, hint, tone, testId, onClick }: { label: string; value: string | number; hint?: string; tone?: 'warn' | 'danger'; testId?: string; onClick?(): void }) {
  return (
    <button type="button" className={`stat card${tone ? ` stat-${tone}` : ''}`} data-testid={testId} onClick={onClick} disabled={!onClick}>
      <span className="stat-label">{label}</span>
      <span className="stat-value">{value}</span>
      {hint && <span className="stat-hint muted">{hint}</span>}
    </button>
  );
}

function AllTasks({ selected, onSelect }: { selected?: number; onSelect(id: number): void }) {
  const [state, setState] = useState<TaskState | ''>('');
  const tasks = useApiQuery('agents.tasks.list', { state: state || undefined, limit: 100 });
  return (
    <section className="card">
      <div className="toolbar">
        <label className="field-inline">
          Status
          <select className="select" value={state} onChange={(event) => setState(event.target.value as TaskState | '')} data-testid="task-state-filter">
            <option value="">Any</option>
            {TaskState.options.map((option) => (
              <option key={option} value={option}>
                {option.replace('_', ' ')}
              </option>
            ))}
          </select>
        </label>
      </div>
      <TasksTable tasks={tasks.data ?? []} selected={selected} onSelect={onSelect} showAgent />
    </section>
  );
}

/**
 * AI agents: the grid with live status, the activity feed and today's numbers; an agent's
 * detail with its tasks; a task's run as it streams; the approvals inbox; analytics.
 */
export function AgentsPage() {
  const [view, onView] = useState<View>('overview');
  const agents = useApiQuery('agents.list', {});
  const approvals = useApiQuery('agents.approvals.list', {});
  const [agentId, setAgentId] = useState<string | undefined>();
  const [taskId, setTaskId] = useState<number | undefined>();
  const [wizard, setWizard] = useState<{ open: boolean; initial?: Draft }>({ open: false });
  const list = agents.data ?? [];
  const waiting = approvals.data?.length ?? 0;
  const running = list.filter((agent) => agent.status === 'running').length;
  const doneToday = list.reduce((sum, agent) => sum + agent.today.completed, 0);
  const failedToday = list.reduce((sum, agent) => sum + agent.today.failed, 0);
  const costToday = list.reduce((sum, agent) => sum + agent.today.costUsd, 0);
  const openTask = (id: number) => setTaskId(id);
  const views = [
    { value: 'overview' as const, label: 'Overview' },
    { value: 'tasks' as const, label: 'Tasks' },
    { value: 'approvals' as const, label: waiting > 0 ? `Approvals (${waiting})` : 'Approvals' },
    { value: 'analytics' as const, label: 'Analytics' },
  ];
  const newAgent = (
    <button type="button" className="button primary" onClick={() => setWizard({ open: true })} data-testid="agent-new">
      <Plus size={14} aria-hidden /> New agent
    </button>
  );

  const main = () => {
    if (view === 'approvals') return <ApprovalsInbox onOpenTask={openTask} />;
    if (view === 'analytics') return <Analytics onOpenTask={openTask} />;
    if (view === 'tasks') return <AllTasks selected={taskId} onSelect={openTask} />;
    if (agentId) return <AgentDetailView id={agentId} selectedTask={taskId} onOpenTask={openTask} onEdit={(agent: AgentDetail) => setWizard({ open: true, initial: draftOf(agent.id, agent.definition) })} onBack={() => setAgentId(undefined)} />;
    return (
      <>
        <section className="stats" data-testid="agents-stats">
          <Stat label="Agents running" value={`${running} / ${list.length}`} hint={list.some((agent) => agent.status === 'error') ? 'some could not start' : undefined} tone={list.some((agent) => agent.status === 'error') ? 'danger' : undefined} testId="stat-agents" />
          <Stat label="Done today" value={doneToday} hint={failedToday > 0 ? `${failedToday} failed` : 'tasks completed'} tone={failedToday > 0 ? 'warn' : undefined} onClick={() => onView('analytics')} />
          <Stat label="Waiting for you" value={waiting} hint="tool calls to approve" tone={waiting > 0 ? 'warn' : undefined} testId="stat-approvals" onClick={() => onView('approvals')} />
          <Stat label="Cost today" value={usd(costToday)} hint="from the price table" />
        </section>
        <AgentGrid agents={list} onOpen={setAgentId} />
        <section className="card">
          <h2 className="card-title">Activity</h2>
          <ActivityFeed onOpenTask={openTask} />
        </section>
      </>
    );
  };

  return (
    <div className="page" data-testid="page-agents">
      <PageHeader title="Agents" subtitle="AI agents with MCP tools: their queues, their runs, what they ask you." actions={newAgent} />
      {agents.isSuccess && list.length === 0 && view === 'overview' ? (
        <EmptyState icon={Bot} title="No agents yet" action={newAgent}>
          <p>An agent is a model with instructions, the MCP tools you allow and limits. Start from one of twelve roles (content, sales, support, incidents…), or import one:</p>
          <CommandLine>npx echelon agent import support-agent.json</CommandLine>
        </EmptyState>
      ) : (
        <>
          <div className="agent-views">
            <SegmentedChoice label="View" name="agents-view" choices={views} value={view} onChange={onView} testId={(value) => `agents-view-${value}`} />
          </div>
          <div className={taskId !== undefined ? 'split' : undefined}>
            <div className="agent-stack">{main()}</div>
            {taskId !== undefined && <TaskView key={taskId} id={taskId} onClose={() => setTaskId(undefined)} />}
          </div>
        </>
      )}
      {wizard.open && (
        <AgentWizard
          initial={wizard.initial}
          onClose={() => setWizard({ open: false })}
          onSaved={(id) => {
            setWizard({ open: false });
            setAgentId(id);
            onView('overview');
          }}
        />
      )}
    </div>
  );
}

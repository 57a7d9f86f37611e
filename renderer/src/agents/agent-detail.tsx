import { ArrowLeft, Download, Pencil, Trash2 } from 'lucide-react';
import { useState } from 'react';
import type { AgentDetail } from '../../../shared/contract';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { showToast } from '../components/toasts';
import { AgentControls } from './agent-grid';
import { AgentStatusBadge } from './status';
import { NewTaskForm } from './new-task-form';
import { TasksTable } from './tasks-table';

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `${name.replace(/[^A-Za-z0-9_-]+/g, '-')}.agent.json`;
  link.click();
  URL.revokeObjectURL(url);
}

function Definition({ agent }: { agent: AgentDetail }) {
  const { definition } = agent;
  const { limits } = definition;
  return (
    <dl className="facts">
      <dt>Provider</dt>
      <dd>
        {agent.provider} · {definition.model}
        {definition.temperature !== undefined ? ` · temperature ${definition.temperature}` : ''}
      </dd>
      <dt>Tools</dt>
      <dd>
        {definition.tools.length === 0
          ? 'none'
          : definition.tools.map((tool) => (
              <span key={`${tool.server}__${tool.tool}`} className="tag" title={tool.approval.mode === 'never' ? 'Runs without asking' : tool.approval.mode === 'always' ? 'Asks every time' : 'Asks when a rule matches'}>
                {tool.server}__{tool.tool}
                {tool.approval.mode !== 'never' ? ' · asks' : ''}
              </span>
            ))}
      </dd>
      <dt>Limits</dt>
      <dd>
        {limits.maxSteps} turns · {limits.timeoutSeconds} s{limits.maxCostUsd !== undefined ? ` · $${limits.maxCostUsd}` : ''}
        {limits.maxInputTokens !== undefined ? ` · ${limits.maxInputTokens} tokens in` : ''}
        {limits.maxOutputTokens !== undefined ? ` · ${limits.maxOutputTokens} out` : ''} · same call {limits.repeatedCallLimit}× stops it · {definition.concurrency} at once
      </dd>
      <dt>Version</dt>
      <dd>
        {agent.version} ({agent.versions.length} saved)
      </dd>
    </dl>
  );
}

/** One agent: its definition, a task to give it, its tasks. */
export function AgentDetailView({ id, selectedTask, onOpenTask, onEdit, onBack }: { id: string; selectedTask?: number; onOpenTask(id: number): void; onEdit(agent: AgentDetail): void; onBack(): void }) {
  const agent = useApiQuery('agents.get', { agent: id });
  const tasks = useApiQuery('agents.tasks.list', { agent: id, limit: 50 });
  const [confirm, setConfirm] = useState(false);
  const exported = useApiMutation('agents.export', { onSuccess: ({ json }) => download(agent.data?.name ?? 'agent', json) });
  const remove = useApiMutation('agents.remove', {
    onSuccess: () => {
      showToast({ kind: 'success', title: `Removed ${agent.data?.name}` });
      onBack();
    },
  });
  if (!agent.data) return <p className="muted">{agent.isError ? agent.error.message : 'Loading…'}</p>;
  const detail = agent.data;
  return (
    <div className="card" data-testid="agent-detail">
      <header className="detail-header">
        <button type="button" className="icon-button" aria-label="Back to all agents" onClick={onBack}>
          <ArrowLeft size={16} />
        </button>
        <div className="detail-title">
          <h2>
            {detail.name} <AgentStatusBadge status={detail.status} />
          </h2>
          <p className="muted small">{detail.description || detail.role}</p>
        </div>
        <AgentControls agent={detail} />
        <button type="button" className="button" onClick={() => onEdit(detail)} data-testid="agent-edit">
          <Pencil size={13} aria-hidden /> Edit
        </button>
        <button type="button" className="button" onClick={() => exported.mutate({ agent: detail.id })}>
          <Download size={13} aria-hidden /> Export
        </button>
        {confirm ? (
          <button type="button" className="button" onClick={() => remove.mutate({ agent: detail.id })} data-testid="agent-remove-confirm">
            <Trash2 size={13} aria-hidden /> Remove {detail.name}?
          </button>
        ) : (
          <button type="button" className="icon-button" aria-label="Remove" onClick={() => setConfirm(true)}>
            <Trash2 size={15} />
          </button>
        )}
      </header>
      {detail.lastError && (
        <p className="notice error-text" role="alert">
          {detail.lastError}
        </p>
      )}
      <Definition agent={detail} />
      <h3 className="section-title">Give it a task</h3>
      {detail.status !== 'running' && <p className="muted small">The agent is {detail.status}: the task waits in its queue until it runs.</p>}
      <NewTaskForm agent={detail.id} onCreated={onOpenTask} />
      <h3 className="section-title">Tasks</h3>
      <TasksTable tasks={tasks.data ?? []} selected={selectedTask} onSelect={onOpenTask} />
    </div>
  );
}

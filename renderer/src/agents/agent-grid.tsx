import { Pause, Play, Square } from 'lucide-react';
import type { AgentSummary } from '../../../shared/contract';
import { useApiMutation } from '../api/hooks';
import { AgentStatusBadge, usd } from './status';

/** Start, pause or stop, as the agent's status allows. */
export function AgentControls({ agent }: { agent: AgentSummary }) {
  const start = useApiMutation('agents.start');
  const stop = useApiMutation('agents.stop');
  const pause = useApiMutation('agents.pause');
  const resume = useApiMutation('agents.resume');
  const busy = start.isPending || stop.isPending || pause.isPending || resume.isPending;
  const ref = { agent: agent.id };
  const halt = (event: React.MouseEvent, run: () => void) => {
    event.stopPropagation();
    run();
  };
  return (
    <div className="agent-card-actions">
      {agent.status === 'inactive' || agent.status === 'error' ? (
        <button type="button" className="button" disabled={busy} onClick={(event) => halt(event, () => start.mutate(ref))} data-testid="agent-start">
          <Play size={13} aria-hidden /> Start
        </button>
      ) : (
        <>
          {agent.status === 'paused' ? (
            <button type="button" className="button" disabled={busy} onClick={(event) => halt(event, () => resume.mutate(ref))} data-testid="agent-resume">
              <Play size={13} aria-hidden /> Resume
            </button>
          ) : (
            <button type="button" className="button" disabled={busy || agent.status !== 'running'} onClick={(event) => halt(event, () => pause.mutate(ref))} data-testid="agent-pause">
              <Pause size={13} aria-hidden /> Pause
            </button>
          )}
          <button type="button" className="button" disabled={busy || agent.status === 'stopping'} onClick={(event) => halt(event, () => stop.mutate(ref))} data-testid="agent-stop">
            <Square size={13} aria-hidden /> Stop
          </button>
        </>
      )}
    </div>
  );
}

function AgentCard({ agent, onOpen }: { agent: AgentSummary; onOpen(): void }) {
  const waiting = agent.queue.pending + agent.queue.scheduled;
  return (
    <div className="card agent-card" role="button" tabIndex={0} onClick={onOpen} onKeyDown={(event) => event.key === 'Enter' && onOpen()} data-testid={`agent-card-${agent.name}`}>
      <div className="agent-card-head">
        <div>
          <div className="agent-card-name">{agent.name}</div>
          <div className="agent-card-model muted">
            {agent.model} · {agent.provider}
          </div>
        </div>
        <AgentStatusBadge status={agent.status} />
      </div>
      {agent.lastError ? (
        <div className="agent-card-current error-text" title={agent.lastError}>
          {agent.lastError}
        </div>
      ) : (
        <div className="agent-card-current muted" title={agent.currentTask?.task}>
          {agent.currentTask ? `${agent.currentTask.state === 'awaiting_approval' ? 'Waiting for approval: ' : 'Working on: '}${agent.currentTask.task}` : agent.description || 'Idle'}
        </div>
      )}
      <div className="agent-card-numbers muted">
        <span>
          <strong>{waiting}</strong> queued{agent.queue.awaitingApproval > 0 ? ` · ${agent.queue.awaitingApproval} ask` : ''}
        </span>
        <span>
          <strong>{agent.today.completed}</strong> done today{agent.today.failed > 0 ? ` · ${agent.today.failed} failed` : ''}
        </span>
        <span>
          <strong>{usd(agent.today.costUsd)}</strong> today
        </span>
      </div>
      <AgentControls agent={agent} />
    </div>
  );
}

export function AgentGrid({ agents, onOpen }: { agents: readonly AgentSummary[]; onOpen(id: string): void }) {
  return (
    <div className="agent-grid" data-testid="agent-grid">
      {agents.map((agent) => (
        <AgentCard key={agent.id} agent={agent} onOpen={() => onOpen(agent.id)} />
      ))}
    </div>
  );
}

import type { ToolApprovalResponse } from 'ai';
import { EchelonError, type MethodOutput, type TaskSummary } from '../../../../../shared/contract';
import type { Caller } from '../../../../../shared/rpc/router';
import type { AgentRepository } from '../definitions/agent-repository';
import type { AgentEventLog } from '../events/agent-event-log';
import type { TaskRepository, TaskRow } from '../persistence/task-repository';
import type { AgentRuntime } from '../runtime/agent-runtime';
import { approvalView, taskSummary } from '../views/task-views';

const callerLabel: Record<Caller, string> = { renderer: 'in the app', cli: 'from the CLI', gateway: 'through the gateway', workflow: 'by a workflow', test: 'by a test', agent: 'by an agent', api: 'through the REST API' };

/** Tool calls waiting for a person: listed, approved or denied; the task goes on once all are decided. */
export class ApprovalService {
  constructor(private readonly deps: { agents: AgentRepository; tasks: TaskRepository; events: AgentEventLog; runtime: AgentRuntime }) {}

  private get tasks() {
    return this.deps.tasks;
  }

  list(agent?: string): MethodOutput<'agents.approvals.list'> {
    const agentId = agent ? this.deps.agents.require(agent).id : undefined;
    return this.tasks.pendingApprovals(agentId).map((step) => approvalView(step, this.tasks.get(step.taskId)!));
  }

  /**
   * Decides the task's oldest waiting call. Once every call of the turn is decided, the answers
   * join the message list (a denial carries its reason to the model) and the task goes on.
   */
  decide(taskId: number, approve: boolean, reason: string | undefined, caller: Caller): TaskSummary {
    const task = this.tasks.get(taskId);
    if (!task) throw new EchelonError('not_found', `No task ${taskId}.`, { path: 'taskId' });
    const pending = this.tasks.steps(taskId).filter((step) => step.kind === 'approval' && step.status === 'pending');
    if (task.state !== 'awaiting_approval' || pending.length === 0) throw new EchelonError('conflict', `Task ${taskId} is not waiting for an approval (it is ${task.state.replace('_', ' ')}).`);
    const step = pending[0]!;
    const why = reason?.trim() || (approve ? undefined : 'A person denied this call.');
    this.tasks.transaction(() => {
      Object.assign(step, { status: approve ? 'approved' : 'denied', reason: why ?? null, finishedAt: Date.now() });
      this.tasks.updateStep(step);
      if (pending.length === 1) this.continueAfterApprovals(task);
    });
    this.deps.events.record({
      agentId: task.agentId,
      agentName: task.agentName,
      taskId,
      severity: approve ? 'LOW' : 'MEDIUM',
      kind: approve ? 'approval.approved' : 'approval.denied',
      message: `${step.server}__${step.tool} ${approve ? 'approved' : 'denied'} ${callerLabel[caller]}${why ? `: ${why}` : ''}.`,
      correlationId: task.correlationId,
    });
    if (pending.length === 1) {
      this.deps.runtime.resumeSoon(taskId);
      this.deps.runtime.emitTask(task);
      this.deps.runtime.enqueue(task);
    }
    return taskSummary(task);
  }

  /** Writes the decided approvals the message list lacks as one tool message, and queues the task. */
  private continueAfterApprovals(task: TaskRow): void {
    const answered = new Set(
      this.tasks.messages(task.id).flatMap((message) => (message.role === 'tool' ? message.content.flatMap((part) => (part.type === 'tool-approval-response' ? [part.approvalId] : [])) : [])),
    );
    const responses: ToolApprovalResponse[] = this.tasks
      .steps(task.id)
      .filter((step) => step.kind === 'approval' && (step.status === 'approved' || step.status === 'denied') && step.approvalId && !answered.has(step.approvalId))
      .map((step) => ({ type: 'tool-approval-response', approvalId: step.approvalId!, approved: step.status === 'approved', ...(step.reason ? { reason: step.reason } : {}) }));
    this.tasks.appendMessages(task.id, [{ role: 'tool', content: responses }]);
    Object.assign(task, { state: 'pending', runAt: Date.now() });
    this.tasks.update(task);
  }

  /** Denies every waiting call of a task (it is being cancelled), keeping its message list whole. */
  settle(task: TaskRow, reason: string): void {
    this.tasks.transaction(() => {
      for (const step of this.tasks.steps(task.id).filter((row) => row.kind === 'approval' && row.status === 'pending')) {
        Object.assign(step, { status: 'denied', reason, finishedAt: Date.now() });
        this.tasks.updateStep(step);
      }
      this.continueAfterApprovals(task);
    });
  }
}

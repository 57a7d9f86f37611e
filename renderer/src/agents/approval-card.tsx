import { Check, X } from 'lucide-react';
import { useState } from 'react';
import type { ApprovalView } from '../../../shared/contract';
import { useApiMutation } from '../api/hooks';
import { formatRelative } from '../components/format';
import { showToast } from '../components/toasts';

/** A call waiting for a person: what would run, and approve or deny (with a reason the model reads). */
export function ApprovalCard({ approval, onOpenTask }: { approval: ApprovalView; onOpenTask?(id: number): void }) {
  const [reason, setReason] = useState('');
  const decide = useApiMutation('agents.approvals.decide', {
    onSuccess: (task, input) => showToast({ kind: input.approve ? 'success' : 'info', title: `${approval.server}__${approval.tool} ${input.approve ? 'approved' : 'denied'}`, detail: `Task ${task.id} goes on.` }),
  });
  return (
    <div className="approval card" data-testid="approval" data-task={approval.taskId}>
      <div className="run-step-head">
        <span className="run-step-title">
          {approval.agentName} wants to call <code>{approval.server}__{approval.tool}</code>
        </span>
        <time className="muted small" dateTime={approval.requestedAt}>
          {formatRelative(approval.requestedAt)}
        </time>
      </div>
      <div className="muted small">
        For task{' '}
        {onOpenTask ? (
          <button type="button" className="link-button" onClick={() => onOpenTask(approval.taskId)}>
            #{approval.taskId}
          </button>
        ) : (
          `#${approval.taskId}`
        )}
        : {approval.task}
      </div>
      <pre className="json" data-testid="approval-arguments">
        {JSON.stringify(approval.arguments, null, 2)}
      </pre>
      <div className="approval-decision">
        <input className="form-control" value={reason} onChange={(event) => setReason(event.target.value)} placeholder="Reason (sent to the model when you deny)" aria-label="Reason" data-testid="approval-reason" />
        <button type="button" className="button" disabled={decide.isPending} onClick={() => decide.mutate({ taskId: approval.taskId, approve: false, reason: reason || undefined })} data-testid="approval-deny">
          <X size={14} aria-hidden /> Deny
        </button>
        <button type="button" className="button primary" disabled={decide.isPending} onClick={() => decide.mutate({ taskId: approval.taskId, approve: true, reason: reason || undefined })} data-testid="approval-approve">
          <Check size={14} aria-hidden /> Approve
        </button>
      </div>
    </div>
  );
}

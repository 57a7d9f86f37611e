import { BellRing, ShieldCheck } from 'lucide-react';
import { useState } from 'react';
import { useApiQuery } from '../api/hooks';
import { EmptyState } from '../components/empty-state';
import { ApprovalCard } from './approval-card';

/** Browsers ask for permission once; the desktop app notifies from its main process. */
function NotificationPermission() {
  const [permission, setPermission] = useState(typeof Notification === 'undefined' ? 'unsupported' : Notification.permission);
  if (permission !== 'default') return null;
  return (
    <button type="button" className="button" onClick={() => void Notification.requestPermission().then(setPermission)} data-testid="enable-notifications">
      <BellRing size={14} aria-hidden /> Notify me when a call waits
    </button>
  );
}

/** Every tool call waiting for a person, oldest first. */
export function ApprovalsInbox({ onOpenTask }: { onOpenTask(id: number): void }) {
  const approvals = useApiQuery('agents.approvals.list', {});
  return (
    <section className="agent-stack" data-testid="approvals-inbox">
      <div className="toolbar">
        <p className="muted">Calls an agent's policy says a person must see first. Approve runs the real tool; deny sends your reason to the model.</p>
        <NotificationPermission />
      </div>
      {approvals.data?.length === 0 ? (
        <EmptyState icon={ShieldCheck} title="Nothing waits for you">
          <p>When an agent wants to call a tool whose policy asks first, the call waits here (and survives a restart).</p>
        </EmptyState>
      ) : (
        approvals.data?.map((approval) => <ApprovalCard key={`${approval.taskId}-${approval.seq}`} approval={approval} onOpenTask={onOpenTask} />)
      )}
    </section>
  );
}

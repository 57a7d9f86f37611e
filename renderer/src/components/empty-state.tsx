import type { LucideIcon } from 'lucide-react';
import type { ReactNode } from 'react';

/** What a page shows before there is anything: what it is for and the first step to take. */
export function EmptyState({ icon: Icon, title, children, action }: { icon: LucideIcon; title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <div className="empty-state" data-testid="empty-state">
      <div className="empty-icon">
        <Icon size={28} aria-hidden />
      </div>
      <h2>{title}</h2>
      <div className="empty-text">{children}</div>
      {action && <div className="empty-action">{action}</div>}
    </div>
  );
}

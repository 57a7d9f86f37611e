import { CircleCheck, OctagonAlert, TriangleAlert, Info } from 'lucide-react';
import type { Alert } from '../../../shared/contract';

const ICONS = { critical: OctagonAlert, warning: TriangleAlert, info: Info };

/** An alert's severity, or "resolved" once it is; the word carries the meaning, the colour helps. */
export function SeverityBadge({ alert }: { alert: Pick<Alert, 'severity' | 'resolvedAt'> }) {
  if (alert.resolvedAt) {
    return (
      <span className="severity severity-resolved" data-testid="severity" data-severity="resolved">
        <CircleCheck size={12} aria-hidden /> Resolved
      </span>
    );
  }
  const Icon = ICONS[alert.severity];
  return (
    <span className={`severity severity-${alert.severity}`} data-testid="severity" data-severity={alert.severity}>
      <Icon size={12} aria-hidden /> {alert.severity[0]!.toUpperCase() + alert.severity.slice(1)}
    </span>
  );
}

import { Bug, X } from 'lucide-react';
import { useState } from 'react';
import type { CrashReport } from '../../../shared/contract';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { formatRelative } from '../components/format';

function CrashDetail({ report }: { report: CrashReport }) {
  const lines = Array.isArray(report.context.lastLogLines) ? (report.context.lastLogLines as string[]) : [];
  const { lastLogLines: _lines, ...context } = report.context;
  return (
    <div data-testid={`crash-detail-${report.id}`}>
      <dl className="facts">
        <dt>When</dt>
        <dd>{new Date(report.at).toLocaleString()}</dd>
        <dt>Where</dt>
        <dd>
          {report.shell} · Echelon {report.version} · pid {report.pid}
        </dd>
        <dt>Context</dt>
        <dd className="mono small">{JSON.stringify(context)}</dd>
      </dl>
      {report.stack && <pre className="snippet crash-stack">{report.stack}</pre>}
      {lines.length > 0 && (
        <>
          <h3 className="section-title">Last log lines</h3>
          <pre className="snippet crash-stack">{lines.join('\n')}</pre>
        </>
      )}
    </div>
  );
}

/** Crashes and unhandled errors of earlier runs (redacted when they were written), newest first. */
export function CrashReports() {
  const crashes = useApiQuery('diagnostics.crashes', {});
  const dismiss = useApiMutation('diagnostics.crashes.dismiss');
  const [open, setOpen] = useState<string>();
  if (!crashes.data || crashes.data.length === 0) return null;
  return (
    <section className="card" data-testid="crash-reports">
      <div className="card-toolbar">
        <h2 className="card-title">
          <Bug size={16} aria-hidden /> Crash reports
        </h2>
        {crashes.data.some((report) => report.seenAt === null) && (
          <button type="button" className="button small" onClick={() => dismiss.mutate({})} data-testid="crashes-dismiss-all">
            Mark all as seen
          </button>
        )}
      </div>
      <ul className="activity">
        {crashes.data.map((report) => (
          <li key={report.id}>
            <span className={report.seenAt ? 'badge' : 'badge badge-failed'}>{report.kind}</span>
            <span className="activity-message">
              <button type="button" className="link-button" onClick={() => setOpen(open === report.id ? undefined : report.id)} data-testid="crash-open">
                {report.message}
              </button>
              {open === report.id && <CrashDetail report={report} />}
            </span>
            <span className="muted small nowrap">{formatRelative(report.at)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Shown at the top of every page after a crash until someone looks at it or dismisses it. */
export function CrashBanner({ onOpen }: { onOpen: () => void }) {
  const unseen = useApiQuery('diagnostics.crashes', { unseenOnly: true });
  const dismiss = useApiMutation('diagnostics.crashes.dismiss');
  const latest = unseen.data?.[0];
  if (!latest) return null;
  const more = unseen.data!.length - 1;
  return (
    <div className="crash-banner-slot">
      <div className="crash-banner" role="alert" data-testid="crash-banner">
        <Bug size={18} aria-hidden />
        <p>
          <strong>Echelon stopped unexpectedly</strong> {formatRelative(latest.at)}: {latest.message}
          {more > 0 && ` (and ${more} more)`}
        </p>
        <button type="button" className="button small" onClick={onOpen} data-testid="crash-banner-open">
          Details
        </button>
        <button type="button" className="icon-button" aria-label="Dismiss" title="Dismiss" onClick={() => dismiss.mutate({})} data-testid="crash-banner-dismiss">
          <X size={16} />
        </button>
      </div>
    </div>
  );
}

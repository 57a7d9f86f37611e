import { Activity, Database, KeyRound, Server, Workflow } from 'lucide-react';
import type { Page } from '../../../shared/contract';
import { useApiQuery } from '../api/hooks';
import { PageHeader } from '../components/page-header';
import { formatRelative } from '../components/format';

function Stat({ label, value, hint }: { label: string; value: string | number; hint?: string }) {
  return (
    <div className="stat card">
      <span className="stat-label">{label}</span>
      <span className="stat-value">{value}</span>
      {hint && <span className="stat-hint muted">{hint}</span>}
    </div>
  );
}

const FIRST_STEPS: { page: Page; icon: typeof Server; title: string; text: string }[] = [
  { page: 'mcp', icon: Server, title: 'Add an MCP server', text: 'Import your Claude Desktop, Cursor or VS Code config, or add a server by command.' },
  { page: 'vault', icon: KeyRound, title: 'Store a credential', text: 'Keep API keys in the encrypted vault and refer to them by name.' },
  { page: 'workflows', icon: Workflow, title: 'Build a workflow', text: 'Chain triggers, MCP tools and API calls on the canvas, even offline.' },
];

export function DashboardPage({ onNavigate }: { onNavigate: (page: Page) => void }) {
  const status = useApiQuery('app.status', {});
  const activity = useApiQuery('app.activity', { limit: 20 });
  const counts = status.data?.counts ?? {};
  const totalRows = Object.values(counts).reduce((sum, count) => sum + count, 0);

  return (
    <div className="page" data-testid="page-dashboard">
      <PageHeader title="Dashboard" subtitle="What Echelon runs on this machine, at a glance." />
      <section className="stats">
        <Stat label="Version" value={status.data?.version ?? '…'} hint={status.data?.shell === 'electron' ? 'Desktop app' : 'Headless (echelon serve)'} />
        <Stat label="Schema" value={status.data?.schemaVersion ?? '…'} hint="Local database migrations applied" />
        <Stat label="Stored rows" value={status.data ? totalRows : '…'} hint={`${Object.keys(counts).length} tables`} />
        <Stat label="Up since" value={status.data ? formatRelative(status.data.startedAt) : '…'} hint={status.data ? new Date(status.data.startedAt).toLocaleString() : undefined} />
      </section>

      <section className="grid-2">
        <div className="card">
          <h2 className="card-title">Get started</h2>
          <ul className="steps">
            {FIRST_STEPS.map(({ page, icon: Icon, title, text }) => (
              <li key={page}>
                <button type="button" className="step" onClick={() => onNavigate(page)}>
                  <Icon size={18} aria-hidden />
                  <span>
                    <strong>{title}</strong>
                    <span className="muted">{text}</span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </div>
        <div className="card">
          <h2 className="card-title">
            <Activity size={16} aria-hidden /> Recent activity
          </h2>
          {activity.data && activity.data.length === 0 && <p className="muted">Nothing has happened yet. Activity from servers, workflows and the vault appears here.</p>}
          <ul className="activity" data-testid="activity-list">
            {activity.data?.map((entry) => (
              <li key={entry.id} className={`activity-${entry.level}`}>
                <span className="activity-source">{entry.source}</span>
                <span className="activity-message">{entry.message}</span>
                <time className="muted" dateTime={entry.at} title={new Date(entry.at).toLocaleString()}>
                  {formatRelative(entry.at)}
                </time>
              </li>
            ))}
          </ul>
        </div>
      </section>

      <section className="card">
        <h2 className="card-title">
          <Database size={16} aria-hidden /> Local store
        </h2>
        <p className="muted mono" data-testid="database-path">
          {status.data?.databasePath}
        </p>
        <table className="table compact">
          <thead>
            <tr>
              <th>Table</th>
              <th className="num">Rows</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(counts).map(([table, count]) => (
              <tr key={table}>
                <td className="mono">{table}</td>
                <td className="num">{count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

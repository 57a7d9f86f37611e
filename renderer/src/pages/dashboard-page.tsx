import { Activity, Blocks, CircleCheck, Database, KeyRound, Server, Workflow } from 'lucide-react';
import type { Page } from '../../../shared/contract';
import { useApiQuery } from '../api/hooks';
import { formatRelative } from '../components/format';
import { PageHeader } from '../components/page-header';
import { formatDuration } from '../executions/format';
import { StatusBadge } from '../executions/status-badge';
import { useLiveExecutions } from '../executions/use-live-executions';

function Stat({ label, value, hint, tone, onClick, testId }: { label: string; value: string | number; hint?: string; tone?: 'ok' | 'warn' | 'danger'; onClick?: () => void; testId?: string }) {
  return (
    <button type="button" className={`stat card${tone ? ` stat-${tone}` : ''}`} onClick={onClick} data-testid={testId}>
      <span className="stat-label">{label}</span>
      <span className="stat-value">{value}</span>
      {hint && <span className="stat-hint muted">{hint}</span>}
    </button>
  );
}

/** The first things to set up; each is ticked once done. */
function FirstSteps({ onNavigate, done }: { onNavigate: (page: Page) => void; done: Record<'mcp' | 'vault' | 'workflows', boolean> }) {
  const steps: { page: 'mcp' | 'vault' | 'workflows'; icon: typeof Server; title: string; text: string }[] = [
    { page: 'mcp', icon: Server, title: 'Add an MCP server', text: 'Import your Claude Desktop, Cursor or VS Code config, or add a server by command.' },
    { page: 'vault', icon: KeyRound, title: 'Store a credential', text: 'Keep API keys in the encrypted vault and refer to them by name.' },
    { page: 'workflows', icon: Workflow, title: 'Build a workflow', text: 'Chain triggers, MCP tools and API calls on the canvas, even offline.' },
  ];
  return (
    <ul className="steps">
      {steps.map(({ page, icon: Icon, title, text }) => (
        <li key={page}>
          <button type="button" className={done[page] ? 'step done' : 'step'} onClick={() => onNavigate(page)} data-testid={`first-step-${page}`} data-done={done[page]}>
            {done[page] ? <CircleCheck size={18} aria-label="Done" /> : <Icon size={18} aria-hidden />}
            <span>
              <strong>{title}</strong>
              <span className="muted">{text}</span>
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}

export function DashboardPage({ onNavigate }: { onNavigate: (page: Page) => void }) {
  useLiveExecutions();
  const status = useApiQuery('app.status', {});
  const activity = useApiQuery('app.activity', { limit: 12 });
  const servers = useApiQuery('mcp.servers.overview', {});
  const metrics = useApiQuery('executions.metrics', {}, { refetchInterval: 5000, refetchOnMount: 'always' });
  const recent = useApiQuery('executions.list', { limit: 6 });
  const workflows = useApiQuery('workflows.list', {});
  const vault = useApiQuery('vault.status', {});
  const connections = useApiQuery('integrations.connections.list', {});

  const up = servers.data?.filter((server) => server.status === 'running' || server.status === 'degraded').length ?? 0;
  const troubled = servers.data?.filter((server) => ['crashed', 'backoff', 'degraded'].includes(server.status)).length ?? 0;
  const queue = metrics.data?.queue;
  const finished = metrics.data?.workflows.reduce((sum, row) => sum + row.count, 0) ?? 0;
  const succeeded = metrics.data?.workflows.reduce((sum, row) => sum + row.succeeded, 0) ?? 0;
  const failingConnections = connections.data?.filter((connection) => connection.status === 'error').length ?? 0;
  const counts = status.data?.counts ?? {};

  return (
    <div className="page" data-testid="page-dashboard">
      <PageHeader title="Dashboard" subtitle="What Echelon runs on this machine, at a glance." />
      <section className="stats" data-testid="dashboard-stats">
        <Stat
          testId="stat-servers"
          label="MCP servers"
          value={servers.data ? `${up} / ${servers.data.length}` : '…'}
          hint={troubled > 0 ? `${troubled} need attention` : servers.data?.length ? 'running / configured' : 'none yet'}
          tone={troubled > 0 ? 'warn' : undefined}
          onClick={() => onNavigate('mcp')}
        />
        <Stat
          testId="stat-runs"
          label="Runs"
          value={queue ? queue.running + queue.ready : '…'}
          hint={queue ? `in progress · ${queue.delayed} scheduled · lag ${formatDuration(queue.lagMs)}` : undefined}
          onClick={() => onNavigate('executions')}
        />
        <Stat
          testId="stat-success"
          label="Success rate"
          value={finished > 0 ? `${Math.round((succeeded / finished) * 100)}%` : '—'}
          hint={finished > 0 ? `${finished} runs since ${metrics.data ? new Date(metrics.data.since).toLocaleDateString() : ''}` : 'no finished runs yet'}
          tone={queue && queue.deadLetter > 0 ? 'danger' : undefined}
          onClick={() => onNavigate('executions')}
        />
        <Stat
          testId="stat-vault"
          label="Vault"
          value={vault.data ? (vault.data.state === 'unlocked' ? 'Unlocked' : vault.data.state === 'locked' ? 'Locked' : 'Not set up') : '…'}
          hint={vault.data ? `${vault.data.recordCount} secret${vault.data.recordCount === 1 ? '' : 's'}` : undefined}
          tone={vault.data?.state === 'locked' ? 'warn' : undefined}
          onClick={() => onNavigate('vault')}
        />
        <Stat
          testId="stat-connections"
          label="Connections"
          value={connections.data?.length ?? '…'}
          hint={failingConnections > 0 ? `${failingConnections} failing` : 'API integrations'}
          tone={failingConnections > 0 ? 'danger' : undefined}
          onClick={() => onNavigate('integrations')}
        />
      </section>

      <section className="grid-2">
        <div className="card">
          <h2 className="card-title">
            <Activity size={16} aria-hidden /> Recent runs
          </h2>
          {recent.data && recent.data.items.length === 0 && <p className="muted">No workflow has run yet. Open a workflow and press Run, or start one from the command line.</p>}
          <ul className="activity" data-testid="recent-runs">
            {recent.data?.items.map((run) => (
              <li key={run.id}>
                <StatusBadge status={run.status} />
                <span className="activity-message">
                  {run.workflowName} <span className="muted">#{run.id}</span>
                </span>
                <time className="muted" dateTime={run.createdAt} title={new Date(run.createdAt).toLocaleString()}>
                  {formatRelative(run.createdAt)}
                </time>
              </li>
            ))}
          </ul>
        </div>
        <div className="card">
          <h2 className="card-title">Get started</h2>
          <FirstSteps onNavigate={onNavigate} done={{ mcp: (servers.data?.length ?? 0) > 0, vault: (vault.data?.recordCount ?? 0) > 0, workflows: (workflows.data?.length ?? 0) > 0 }} />
        </div>
      </section>

      <section className="grid-2">
        <div className="card">
          <h2 className="card-title">
            <Blocks size={16} aria-hidden /> Recent activity
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
        <div className="card">
          <h2 className="card-title">
            <Database size={16} aria-hidden /> Local store
          </h2>
          <p className="muted mono" data-testid="database-path">
            {status.data?.databasePath}
          </p>
          <dl className="facts">
            <dt>Version</dt>
            <dd>
              {status.data?.version} · {status.data?.shell === 'electron' ? 'desktop app' : 'echelon serve'}
            </dd>
            <dt>Schema</dt>
            <dd>{status.data?.schemaVersion}</dd>
            <dt>Workflows</dt>
            <dd>{counts.workflows ?? 0}</dd>
            <dt>Executions kept</dt>
            <dd>{counts.executions ?? 0}</dd>
            <dt>Up since</dt>
            <dd>{status.data ? formatRelative(status.data.startedAt) : '…'}</dd>
          </dl>
        </div>
      </section>
    </div>
  );
}

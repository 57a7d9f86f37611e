import { Activity, Blocks, CircleCheck, Database, KeyRound, Server, Workflow } from 'lucide-react';
import { useState } from 'react';
import type { InsightsRange, Page } from '../../../shared/contract';
import { useApiQuery } from '../api/hooks';
import { formatRelative } from '../components/format';
import { PageHeader } from '../components/page-header';
import { InsightCards, RANGE_LABELS } from '../dashboards/insight-cards';
import { RecentFailures } from '../dashboards/recent-failures';
import { RunsChart } from '../dashboards/runs-chart';
import { ConnectionsCard, McpServersCard } from '../dashboards/services-health';
import { SubjectTable } from '../dashboards/subject-table';
import { formatCount, formatDuration } from '../executions/format';
import { useLiveExecutions } from '../executions/use-live-executions';
import '../dashboards/dashboard.css';

type FirstStep = 'mcp' | 'vault' | 'workflows';

/** The first things to set up, until all are done. */
function FirstSteps({ onNavigate, done }: { onNavigate: (page: Page) => void; done: Record<FirstStep, boolean> }) {
  const steps: { page: FirstStep; icon: typeof Server; title: string; text: string }[] = [
    { page: 'mcp', icon: Server, title: 'Add an MCP server', text: 'Import your Claude Desktop, Cursor or VS Code config, or add a server by command.' },
    { page: 'vault', icon: KeyRound, title: 'Store a credential', text: 'Keep API keys in the encrypted vault and refer to them by name.' },
    { page: 'workflows', icon: Workflow, title: 'Build a workflow', text: 'Chain triggers, MCP tools and API calls on the canvas, even offline.' },
  ];
  return (
    <div className="card get-started" data-testid="get-started">
      <h2 className="card-title">Get started</h2>
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
    </div>
  );
}

const RANGES: InsightsRange[] = ['1h', '24h', '7d', '30d'];
const RANGE_SHORT: Record<InsightsRange, string> = { '1h': '1 h', '24h': '24 h', '7d': '7 d', '30d': '30 d' };

export function DashboardPage({ onNavigate }: { onNavigate: (page: Page) => void }) {
  useLiveExecutions();
  const [range, setRange] = useState<InsightsRange>('24h');
  const insights = useApiQuery('insights.summary', { range }, { refetchInterval: 15_000 });
  const metrics = useApiQuery('executions.metrics', {}, { refetchInterval: 5000, retry: false });
  const activity = useApiQuery('app.activity', { limit: 8 });
  const servers = useApiQuery('mcp.servers.overview', {});
  const workflows = useApiQuery('workflows.list', {});
  const vault = useApiQuery('vault.status', {});
  const status = useApiQuery('app.status', {});
  const counts = status.data?.counts ?? {};
  const queue = metrics.data?.queue;
  const done = { mcp: (servers.data?.length ?? 0) > 0, vault: (vault.data?.recordCount ?? 0) > 0, workflows: (workflows.data?.length ?? 0) > 0 };
  const loaded = servers.isSuccess && vault.isSuccess && workflows.isSuccess;
  const allDone = done.mcp && done.vault && done.workflows;

  return (
    <div className="page dashboard" data-testid="page-dashboard">
      <PageHeader
        title="Dashboard"
        subtitle="What ran, what failed, and what needs you."
        actions={
          <div className="segmented" role="radiogroup" aria-label="Period">
            {RANGES.map((option) => (
              <button key={option} type="button" role="radio" aria-checked={range === option} className={`segment${range === option ? ' selected' : ''}`} onClick={() => setRange(option)} data-testid={`range-${option}`} title={`The last ${RANGE_LABELS[option]}, against the ${RANGE_LABELS[option]} before`}>
                {RANGE_SHORT[option]}
              </button>
            ))}
          </div>
        }
      />
      {loaded && !allDone && <FirstSteps onNavigate={onNavigate} done={done} />}
      {insights.data && <InsightCards summary={insights.data} onOpen={() => onNavigate('executions')} />}
      <section className="dashboard-grid">
        <div className="card span-2">
          <h2 className="card-title">
            <Activity size={16} aria-hidden /> Runs over the last {RANGE_LABELS[range]}
            {queue && (
              <a href="#/executions" className="muted card-count row-link" data-testid="stat-runs" title="Runs not finished yet">
                {formatCount(queue.running)} running now · {formatCount(queue.ready)} waiting to start · {formatCount(queue.delayed)} scheduled · lag {formatDuration(queue.lagMs)}
              </a>
            )}
          </h2>
          {insights.data && <RunsChart summary={insights.data} />}
          <h2 className="card-title spaced">Per workflow</h2>
          {insights.data && <SubjectTable summary={insights.data} />}
        </div>
        <RecentFailures />
        <McpServersCard />
        <ConnectionsCard />
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
            <dd>{formatCount(counts.workflows ?? 0)}</dd>
            <dt>Executions kept</dt>
            <dd>{formatCount(counts.executions ?? 0)}</dd>
            <dt>Up since</dt>
            <dd>{status.data ? formatRelative(status.data.startedAt) : '…'}</dd>
          </dl>
        </div>
      </section>
    </div>
  );
}

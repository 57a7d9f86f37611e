import { Cpu } from 'lucide-react';
import type { TeamWorkerInfo, WorkerState } from '../../../shared/contract';
import { useApiQuery } from '../api/hooks';
import { EmptyState } from '../components/empty-state';
import { formatRelative } from '../components/format';
import { PageHeader } from '../components/page-header';
import '../workers/workers.css';

const SUBTITLE = "The team's echelon worker processes: workflows set to run on team workers run there, around the clock.";
const STATE_LABEL: Record<WorkerState, string> = { running: 'Running', draining: 'Draining', stopped: 'Stopped', missing: 'Missing heartbeats' };
const STATE_BADGE: Record<WorkerState, string> = { running: 'badge-succeeded', draining: 'badge-waiting', stopped: 'badge-cancelled', missing: 'badge-failed' };
const START_COMMAND = 'echelon worker --redis redis://HOST:6379 --postgres "$SUPABASE_SESSION_POOLER_URL" --org ORG_ID';

function HowToStart() {
  return (
    <>
      <p>Start one on any server that reaches the team’s Redis and Postgres:</p>
      <pre className="workers-command" data-testid="workers-command">
        {START_COMMAND}
      </pre>
      <p className="muted">
        Then choose <strong>Run on team workers</strong> in a workflow’s settings. The README’s “Team workers” section has a systemd unit, a container image and a compose file.
      </p>
    </>
  );
}

function WorkerRow({ worker }: { worker: TeamWorkerInfo }) {
  return (
    <tr data-testid="worker-row" data-worker-state={worker.state}>
      <td>
        <strong>{worker.id}</strong>
        <div className="muted">v{worker.version}</div>
      </td>
      <td>
        <span className={`badge ${STATE_BADGE[worker.state]}`}>{STATE_LABEL[worker.state]}</span>
      </td>
      <td>
        {worker.host}
        {worker.pid !== null && <span className="muted"> · pid {worker.pid}</span>}
      </td>
      <td>{worker.queues.join(', ')}</td>
      <td className="numeric">
        {worker.running} / {worker.concurrency}
      </td>
      <td className="numeric">{worker.perMinute}/min</td>
      <td className="numeric">
        {worker.completed.toLocaleString()}
        {worker.failed > 0 && <span className="muted"> · {worker.failed.toLocaleString()} failed</span>}
      </td>
      <td title={new Date(worker.heartbeatAt).toLocaleString()}>{formatRelative(worker.heartbeatAt)}</td>
    </tr>
  );
}

export function WorkersPage() {
  // Heartbeats come every 5 s: the page follows them.
  const list = useApiQuery('workers.list', {}, { refetchInterval: 5000 });
  const data = list.data;
  const header = <PageHeader title="Workers" subtitle={SUBTITLE} />;
  if (list.error) {
    return (
      <div className="page" data-testid="page-workers">
        {header}
        <p className="form-error" role="alert">
          {list.error.message}
        </p>
      </div>
    );
  }
  if (!data) return <div className="page" data-testid="page-workers" />;
  if (data.unavailable) {
    return (
      <div className="page" data-testid="page-workers" data-workers-state={data.unavailable}>
        {header}
        <EmptyState icon={Cpu} title={data.unavailable === 'signed_out' ? 'Team workers need a team' : 'Choose an organization'}>
          <p>
            {data.unavailable === 'signed_out'
              ? 'Workers run your team’s workflows on servers, with Redis as the queue and your Supabase Postgres as the record. Sign in on the Team page to see them.'
              : 'Pick the organization whose workers you want to see on the Team page.'}
          </p>
        </EmptyState>
      </div>
    );
  }
  if (data.workers.length === 0) {
    return (
      <div className="page" data-testid="page-workers" data-workers-state="empty">
        {header}
        <EmptyState icon={Cpu} title="No workers yet">
          <HowToStart />
        </EmptyState>
      </div>
    );
  }
  const live = data.workers.filter((worker) => worker.state === 'running' || worker.state === 'draining');
  return (
    <div className="page" data-testid="page-workers" data-workers-state="list">
      {header}
      <p className="muted" data-testid="workers-summary">
        {live.length} of {data.workers.length} running · {live.reduce((sum, worker) => sum + worker.running, 0)} executions running now
      </p>
      <div className="table-scroll">
        <table className="table" data-testid="workers-table">
          <thead>
            <tr>
              <th>Worker</th>
              {/* The state first: a missing worker is what the page is for, at any width. */}
              <th>State</th>
              <th>Host</th>
              <th>Queues</th>
              <th className="numeric">Jobs running</th>
              <th className="numeric">Throughput</th>
              <th className="numeric">Finished</th>
              <th>Last heartbeat</th>
            </tr>
          </thead>
          <tbody>
            {data.workers.map((worker) => (
              <WorkerRow key={worker.id} worker={worker} />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

import { Activity } from 'lucide-react';
import { useApiQuery } from '../api/hooks';
import { formatRelative } from '../components/format';

/** Recent runs of shared workflows and agent tasks, from every desktop and worker. */
export function TeamRuns() {
  const runs = useApiQuery('team.runs', { limit: 12 });
  return (
    <section className="card team-card" data-testid="team-runs">
      <div className="card-title">
        <Activity size={16} aria-hidden /> Team runs
      </div>
      {(runs.data ?? []).length === 0 ? (
        <p className="muted">No runs yet. Finished runs of shared workflows appear here from every teammate.</p>
      ) : (
        <table className="table compact">
          <tbody>
            {runs.data!.map((run) => (
              <tr key={run.id}>
                <td>
                  <strong>{run.subjectName}</strong>
                  <div className="muted small">on {run.runner}</div>
                </td>
                <td>
                  <span className={`badge badge-${run.status}`}>{run.status}</span>
                </td>
                <td className="muted small num">{run.finishedAt ? formatRelative(run.finishedAt) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

import type { InsightsSummary } from '../../../shared/contract';
import { failureTone, formatCount, formatDuration, formatMinutes, formatPercent } from '../executions/format';

const href = (kind: string, id: string) => (kind === 'workflow' ? `#/workflows/${encodeURIComponent(id)}` : `#/agents/${encodeURIComponent(id)}`);

/** Per workflow (and agent): the period's figures, each row a link to what it counts. */
export function SubjectTable({ summary }: { summary: InsightsSummary }) {
  if (summary.subjects.length === 0) return <p className="muted">No run finished in this period.</p>;
  const agents = summary.subjects.some((subject) => subject.kind === 'agent');
  return (
    <div className="table-scroll">
      <table className="table compact numbers subject-table" data-testid="insights-subjects">
        <thead>
          <tr>
            <th>{agents ? 'Workflow or agent' : 'Workflow'}</th>
            <th className="num">Runs</th>
            <th className="num">Change</th>
            <th className="num">Failures</th>
            <th className="num">Failure rate</th>
            <th className="num">Average</th>
            <th className="num">p95</th>
            {summary.timeSavedConfigured && <th className="num">Time saved</th>}
          </tr>
        </thead>
        <tbody>
          {summary.subjects.map((subject) => {
            const change = subject.previous.runs === 0 ? undefined : Math.round(((subject.runs - subject.previous.runs) / subject.previous.runs) * 100);
            return (
              <tr key={`${subject.kind}:${subject.id}`} data-testid="insights-subject">
                <td className="truncate">
                  <a href={href(subject.kind, subject.id)} className="row-link" title={`Open ${subject.name}`}>
                    {subject.name}
                  </a>
                  {agents && <span className="tag">{subject.kind}</span>}
                </td>
                <td className="num">{formatCount(subject.runs)}</td>
                <td className="num muted">{change === undefined ? 'new' : `${change > 0 ? '+' : change < 0 ? '−' : ''}${formatCount(Math.abs(change))}%`}</td>
                <td className="num">{formatCount(subject.failed)}</td>
                <td className={`num${subject.failureRate === null ? '' : ` tone-${failureTone(subject.failureRate)}`}`}>{subject.failureRate === null ? '—' : formatPercent(subject.failureRate)}</td>
                <td className="num">{formatDuration(subject.avgMs)}</td>
                <td className="num">{formatDuration(subject.p95Ms)}</td>
                {summary.timeSavedConfigured && <td className="num">{formatMinutes(subject.timeSavedMinutes)}</td>}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

import { CircleAlert, CircleCheck } from 'lucide-react';
import type { CanvasProblem } from './canvas-types';

/** Every validation problem at once; choosing one selects its node. */
export function ProblemsPanel({ problems, blocker, nodeNames, onSelectNode }: { problems: readonly CanvasProblem[]; blocker?: string; nodeNames: ReadonlyMap<string, string>; onSelectNode(id: string): void }) {
  if (problems.length === 0 && blocker) {
    return (
      <div className="problems-panel" data-testid="problems-panel" data-count={0} data-blocked id="run-blocker">
        <strong>
          <CircleAlert size={15} aria-hidden /> Cannot run yet:
        </strong>{' '}
        {blocker}
      </div>
    );
  }
  if (problems.length === 0) {
    return (
      <div className="problems-panel ok" data-testid="problems-panel" data-count={0}>
        <CircleCheck size={15} aria-hidden /> No problems: this workflow can run.
      </div>
    );
  }
  return (
    <div className="problems-panel" data-testid="problems-panel" data-count={problems.length} id="run-blocker">
      <strong>
        <CircleAlert size={15} aria-hidden /> {problems.length === 1 ? '1 problem stops' : `${problems.length} problems stop`} this workflow from running
      </strong>
      <ul>
        {problems.map((problem) => (
          <li key={`${problem.path}:${problem.code}:${problem.message}`}>
            {problem.nodeId ? (
              <button type="button" className="link-button" onClick={() => onSelectNode(problem.nodeId!)}>
                {nodeNames.get(problem.nodeId) ?? problem.nodeId}
              </button>
            ) : (
              <span className="muted">Workflow</span>
            )}
            {problem.field && <code>{problem.field}</code>}
            <span>{problem.message}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

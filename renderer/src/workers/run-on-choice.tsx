import { Cpu } from 'lucide-react';
import type { WorkflowDocument } from '../../../shared/workflow/document';

/**
 * Where this workflow's runs go: this computer's engine, or the team's workers (`echelon
 * worker`), which also take its schedules and, with `--webhook-port`, its webhooks. In the
 * editor's toolbar, beside "Offer as a tool".
 */
export function RunOnChoice({ document, onChange }: { document: WorkflowDocument; onChange(document: WorkflowDocument, label: string): void }) {
  const team = document.settings?.runOn === 'team';
  const choose = (runOn: 'computer' | 'team') => {
    const { runOn: _previous, workerQueue, ...settings } = document.settings ?? {};
    onChange(
      { ...document, settings: runOn === 'team' ? { ...settings, runOn, ...(workerQueue ? { workerQueue } : {}) } : settings },
      runOn === 'team' ? 'Run on team workers' : 'Run on this computer',
    );
  };
  return (
    <label
      className="run-on-choice"
      title={
        team
          ? "Runs, schedules and webhooks go to the team's workers (the Workers page lists them); they resolve secrets from their own vault."
          : "Runs on this computer's engine. Team workers can take it instead, around the clock."
      }
    >
      <Cpu size={15} aria-hidden />
      <select className="form-control" value={team ? 'team' : 'computer'} onChange={(event) => choose(event.target.value as 'computer' | 'team')} data-testid="run-on-choice" aria-label="Run on">
        <option value="computer">Run on this computer</option>
        <option value="team">Run on team workers</option>
      </select>
    </label>
  );
}

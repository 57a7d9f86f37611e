import { Cpu } from 'lucide-react';
import type { WorkflowDocument } from '../../../shared/workflow/document';

/**
 * Where this workflow's runs go: this computer's engine, or the team's workers (`echelon
 * worker`), which then also take its schedules and, with `--webhook-port`, its webhooks. A toggle
 * in the editor's toolbar (the toolbar is tight: the icon alone while it runs here).
 */
export function RunOnChoice({ document, onChange }: { document: WorkflowDocument; onChange(document: WorkflowDocument, label: string): void }) {
  const team = document.settings?.runOn === 'team';
  const toggle = () => {
    const { runOn: _previous, ...settings } = document.settings ?? {};
    onChange({ ...document, settings: team ? settings : { ...settings, runOn: 'team' } }, team ? 'Run on this computer' : 'Run on team workers');
  };
  const title = team
    ? `Runs on the team's workers${document.settings?.workerQueue ? ` (queue "${document.settings.workerQueue}")` : ''}: its schedules and webhooks fire there, secrets come from the workers' vault. Click to run it on this computer instead.`
    : "Runs on this computer. Click to run it on the team's workers instead (the Workers page lists them).";
  return (
    <button type="button" className={`button run-on-choice${team ? ' on' : ''}`} aria-pressed={team} aria-label="Run on team workers" onClick={toggle} title={title} data-testid="run-on-choice">
      <Cpu size={15} aria-hidden />
      {team && <span className="button-label">Team workers</span>}
    </button>
  );
}

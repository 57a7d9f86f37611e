import type { AgentLimits, MethodOutput } from '../../../../shared/contract';
import type { Draft } from './draft';

type Report = MethodOutput<'agents.checkDefinition'>;

const LIMIT_FIELDS: { key: keyof AgentLimits; label: string; hint: string; optional?: boolean; step?: string }[] = [
  { key: 'maxSteps', label: 'Turns per task', hint: 'model turns' },
  { key: 'timeoutSeconds', label: 'Time limit', hint: 'seconds of running' },
  { key: 'maxCostUsd', label: 'Cost limit', hint: 'USD per task', optional: true, step: 'any' },
  { key: 'maxInputTokens', label: 'Input tokens', hint: 'per task', optional: true },
  { key: 'maxOutputTokens', label: 'Output tokens', hint: 'per task', optional: true },
  { key: 'repeatedCallLimit', label: 'Same call stops it at', hint: 'identical calls' },
  { key: 'toolTimeoutSeconds', label: 'One tool call', hint: 'seconds at most' },
];

const problemAt = (report: Report | undefined, path: string) => report?.problems.find((problem) => problem.path === path || problem.path.startsWith(`${path}.`))?.message;

/** Step 4: name, instructions and limits, read as you type (problems block, warnings advise). */
export function InstructionsStep({ draft, onChange, report }: { draft: Draft; onChange(draft: Draft): void; report: Report | undefined }) {
  const setLimit = (key: keyof AgentLimits, text: string, optional?: boolean) => {
    const limits = { ...draft.limits } as Record<string, number | undefined>;
    if (text === '' && optional) delete limits[key];
    else limits[key] = Number(text);
    onChange({ ...draft, limits: limits as AgentLimits });
  };
  return (
    <div className="agent-form">
      <label>
        Name
        <input className="form-control" value={draft.name} onChange={(event) => onChange({ ...draft, name: event.target.value })} data-testid="wizard-name" />
        {problemAt(report, 'name') && <span className="error-text">{problemAt(report, 'name')}</span>}
      </label>
      <label>
        Description
        <input className="form-control" value={draft.description} onChange={(event) => onChange({ ...draft, description: event.target.value })} />
      </label>
      <label>
        Instructions
        <textarea className="form-control" rows={7} value={draft.systemPrompt} onChange={(event) => onChange({ ...draft, systemPrompt: event.target.value })} data-testid="wizard-instructions" />
      </label>
      <div className="limits-grid">
        <label>
          Temperature <span className="muted">(0–2, empty: the model's)</span>
          <input className="form-control" type="number" min={0} max={2} step={0.1} value={draft.temperature ?? ''} onChange={(event) => onChange({ ...draft, temperature: event.target.value === '' ? undefined : Number(event.target.value) })} />
        </label>
        <label>
          Tasks at once
          <input className="form-control" type="number" min={1} max={50} value={draft.concurrency} onChange={(event) => onChange({ ...draft, concurrency: Number(event.target.value) })} />
        </label>
        {LIMIT_FIELDS.map((field) => (
          <label key={field.key}>
            {field.label} <span className="muted">({field.hint})</span>
            <input className="form-control" type="number" min={0} step={field.step ?? 1} value={draft.limits[field.key] ?? ''} placeholder={field.optional ? 'no limit' : undefined} onChange={(event) => setLimit(field.key, event.target.value, field.optional)} data-testid={`limit-${field.key}`} />
            {problemAt(report, `limits.${field.key}`) && <span className="error-text">{problemAt(report, `limits.${field.key}`)}</span>}
          </label>
        ))}
      </div>
      {report && report.problems.length > 0 && (
        <ul className="check-list error-text" data-testid="definition-problems">
          {report.problems.map((problem) => (
            <li key={`${problem.path}-${problem.message}`}>
              {problem.path || 'definition'}: {problem.message}
            </li>
          ))}
        </ul>
      )}
      {report && report.warnings.length > 0 && (
        <ul className="check-list warn-text" data-testid="definition-warnings">
          {report.warnings.map((warning) => (
            <li key={warning.path}>{warning.message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

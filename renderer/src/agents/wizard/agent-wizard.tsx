import { useEffect, useState } from 'react';
import type { MethodOutput, ProviderCheck } from '../../../../shared/contract';
import { call } from '../../api/client';
import { useApiMutation } from '../../api/hooks';
import { Modal } from '../../components/modal';
import { showToast } from '../../components/toasts';
import { definitionOf, emptyDraft, type Draft } from './draft';
import { InstructionsStep } from './instructions-step';
import { ProviderStep } from './provider-step';
import { RoleStep } from './role-step';
import { ToolsStep } from './tools-step';

const STEPS = ['Role', 'Provider', 'Tools', 'Instructions and limits', 'Review'] as const;

/**
 * The creation wizard: each step is checked for real before the next (the provider answers
 * and lists the model, each tool exists on a running or startable server, the definition has
 * no problem). Saving a running agent's new version applies to its next task. Mounted when
 * opened, so each opening starts afresh.
 */
export function AgentWizard({ initial, onClose, onSaved }: { initial?: Draft; onClose(): void; onSaved(id: string): void }) {
  const [step, setStep] = useState(initial ? 1 : 0);
  const [draft, setDraft] = useState<Draft>(initial ?? emptyDraft());
  const [providerCheck, setProviderCheck] = useState<ProviderCheck | undefined>();
  const [toolCheck, setToolCheck] = useState<MethodOutput<'agents.checkTools'> | undefined>();
  const [report, setReport] = useState<MethodOutput<'agents.checkDefinition'> | undefined>();
  const [startAfter, setStartAfter] = useState(!initial);

  // The definition is read as it is typed (debounced), so problems show beside their field.
  useEffect(() => {
    if (step < 3) return;
    const timer = setTimeout(() => void call('agents.checkDefinition', { definition: definitionOf(draft), id: draft.id }).then(setReport, () => {}), 250);
    return () => clearTimeout(timer);
  }, [draft, step]);

  const start = useApiMutation('agents.start');
  const save = useApiMutation('agents.save', {
    onSuccess: (agent) => {
      showToast({ kind: 'success', title: draft.id ? `Saved ${agent.name}, version ${agent.version}` : `Created ${agent.name}` });
      if (startAfter && agent.status === 'inactive') start.mutate({ agent: agent.id });
      onSaved(agent.id);
    },
  });

  const ready = [true, providerCheck?.ok === true, draft.tools.length === 0 || toolCheck?.ok === true, report !== undefined && report.ok && draft.name.trim() !== '', true][step];
  const why = [undefined, 'Check the provider first: it must answer and list the model.', 'Check the tools first: each must exist on a running or startable server.', 'Fix the problems above first.', undefined][step];

  return (
    <Modal open onClose={onClose} title={draft.id ? `Edit ${initial?.name}` : 'New agent'} testId="agent-wizard" wide>
      <ol className="wizard-steps" aria-label="Steps">
        {STEPS.map((label, index) => (
          <li key={label} className={index === step ? 'current' : index < step ? 'done' : undefined} aria-current={index === step ? 'step' : undefined}>
            {index + 1}. {label}
          </li>
        ))}
      </ol>
      {step === 0 && <RoleStep draft={draft} onChange={setDraft} />}
      {step === 1 && <ProviderStep draft={draft} onChange={setDraft} check={providerCheck} onChecked={setProviderCheck} />}
      {step === 2 && <ToolsStep draft={draft} onChange={setDraft} check={toolCheck} onChecked={setToolCheck} />}
      {step === 3 && <InstructionsStep draft={draft} onChange={setDraft} report={report} />}
      {step === 4 && (
        <div data-testid="wizard-review">
          <dl className="facts">
            <dt>Name</dt>
            <dd>{draft.name}</dd>
            <dt>Model</dt>
            <dd>{draft.model}</dd>
            <dt>Tools</dt>
            <dd>{draft.tools.length === 0 ? 'none' : draft.tools.map((tool) => `${tool.server}__${tool.tool}${tool.approval.mode === 'never' ? '' : ' (asks)'}`).join(', ')}</dd>
            <dt>Limits</dt>
            <dd>
              {draft.limits.maxSteps} turns, {draft.limits.timeoutSeconds} s{draft.limits.maxCostUsd !== undefined ? `, $${draft.limits.maxCostUsd}` : ''}
            </dd>
          </dl>
          {report?.warnings.map((warning) => (
            <p key={warning.path} className="warn-text small">
              {warning.message}
            </p>
          ))}
          {!draft.id && (
            <label className="checkbox">
              <input type="checkbox" checked={startAfter} onChange={(event) => setStartAfter(event.target.checked)} /> Start it once saved
            </label>
          )}
        </div>
      )}
      {save.error && (
        <p className="error-text" role="alert">
          {save.error.message}
        </p>
      )}
      <div className="dialog-actions">
        {!ready && why && <span className="muted small">{why}</span>}
        <button type="button" className="button" onClick={step === 0 ? onClose : () => setStep(step - 1)}>
          {step === 0 ? 'Cancel' : 'Back'}
        </button>
        {step < STEPS.length - 1 ? (
          <button type="button" className="button primary" disabled={!ready} onClick={() => setStep(step + 1)} data-testid="wizard-next">
            Next
          </button>
        ) : (
          <button type="button" className="button primary" disabled={save.isPending} onClick={() => save.mutate({ id: draft.id, definition: definitionOf(draft) as never })} data-testid="wizard-save">
            {draft.id ? 'Save a new version' : 'Create the agent'}
          </button>
        )}
      </div>
    </Modal>
  );
}

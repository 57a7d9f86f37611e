import { useMemo, useState, type FormEvent } from 'react';
import type { AlertKindInfo, AlertRule, AlertSeverity } from '../../../shared/contract';
import { formatWindow } from '../../../shared/alerts/format-value';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { Modal } from '../components/modal';
import { SegmentedChoice } from '../components/segmented-choice';
import { showToast } from '../components/toasts';

const UNIT_LABEL: Record<AlertKindInfo['unit'], string> = { ratio: '%', runs: 'runs', seconds: 'seconds', crashes: 'crashes', checks: 'failed checks in a row', count: '' };

/** A threshold as typed: rates in percent, everything else as is. */
const toInput = (value: number, unit: AlertKindInfo['unit']) => String(unit === 'ratio' ? Math.round(value * 1000) / 10 : value);
const fromInput = (text: string, unit: AlertKindInfo['unit']) => (unit === 'ratio' ? Number(text) / 100 : Number(text));

export type RuleTarget = { rule?: AlertRule; workflowId?: string };

/** Create or edit a rule: what it watches, when it fires, how long it stays quiet, who is told. */
export function RuleDialog({ target, onClose }: { target: RuleTarget | undefined; onClose: () => void }) {
  return (
    <Modal open={target !== undefined} onClose={onClose} title={target?.rule ? `Edit “${target.rule.name}”` : 'New alert rule'} testId="rule-dialog" wide>
      {target && <RuleForm key={target.rule?.id ?? 'new'} target={target} onDone={onClose} />}
    </Modal>
  );
}

function RuleForm({ target, onDone }: { target: RuleTarget; onDone: () => void }) {
  const kinds = useApiQuery('alerts.kinds', {});
  const workflows = useApiQuery('workflows.list', {});
  const channels = useApiQuery('alerts.channels.list', {});
  const existing = target.rule;
  const [kind, setKind] = useState(existing?.kind ?? 'workflow_failure_rate');
  const info = useMemo(() => kinds.data?.find((candidate) => candidate.kind === kind), [kinds.data, kind]);
  const [name, setName] = useState(existing?.name ?? '');
  const [workflowId, setWorkflowId] = useState(existing?.workflowId ?? target.workflowId ?? '');
  // Undefined until typed: the rule's own threshold, else the kind's default, shown in the kind's unit.
  const [threshold, setThreshold] = useState<string>();
  const [windowMinutes, setWindowMinutes] = useState(String((existing?.windowSeconds ?? 900) / 60));
  const [cooldownMinutes, setCooldownMinutes] = useState(String((existing?.cooldownSeconds ?? 1800) / 60));
  const [minSamples, setMinSamples] = useState(String(existing?.minSamples ?? 3));
  const [severity, setSeverity] = useState<AlertSeverity>(existing?.severity ?? 'warning');
  const [channelIds, setChannelIds] = useState<string[]>(existing?.channelIds ?? ['channel-desktop']);
  const [enabled, setEnabled] = useState(existing?.enabled ?? true);
  const [problem, setProblem] = useState<{ message: string; path?: string }>();
  const save = useApiMutation('alerts.rules.save', { meta: { inlineErrors: true } });

  const shownThreshold = threshold ?? (info ? toInput(existing && existing.kind === kind ? existing.threshold : info.defaults.threshold, info.unit) : '');
  // Choosing another kind fills in its defaults.
  const chooseKind = (next: string) => {
    const nextInfo = kinds.data?.find((candidate) => candidate.kind === next);
    setKind(next);
    setThreshold(undefined);
    if (!nextInfo) return;
    setWindowMinutes(String(nextInfo.defaults.windowSeconds / 60));
    setCooldownMinutes(String(nextInfo.defaults.cooldownSeconds / 60));
    setMinSamples(String(nextInfo.defaults.minSamples));
    if (nextInfo.scope !== 'workflow') setWorkflowId('');
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!info) return;
    save.mutate(
      {
        id: existing?.id,
        name: name.trim() || info.label,
        kind,
        workflowId: workflowId || null,
        threshold: fromInput(shownThreshold, info.unit),
        windowSeconds: Math.round(Number(windowMinutes) * 60),
        cooldownSeconds: Math.round(Number(cooldownMinutes) * 60),
        minSamples: Number(minSamples),
        severity,
        channelIds,
        enabled,
      },
      {
        onSuccess: (rule) => {
          showToast({ kind: 'success', title: existing ? `Saved “${rule.name}”` : `Rule “${rule.name}” created` });
          onDone();
        },
        onError: (error) => setProblem({ message: error.message, path: error.path }),
      },
    );
  };
  const invalid = (path: string) => (problem?.path === path ? true : undefined);

  return (
    <form onSubmit={submit} noValidate data-testid="rule-form">
      <div className="field-grid">
        <label className="field">
          <span>What it watches</span>
          <select className="form-control" value={kind} onChange={(event) => chooseKind(event.target.value)} data-testid="rule-kind">
            {kinds.data?.map((candidate) => (
              <option key={candidate.kind} value={candidate.kind}>
                {candidate.label}
              </option>
            ))}
          </select>
          {info && <small className="muted">{info.description}</small>}
        </label>
        <label className="field">
          <span>Name</span>
          <input className="form-control" value={name} placeholder={info?.label} onChange={(event) => setName(event.target.value)} aria-invalid={invalid('name')} data-testid="rule-name" />
        </label>
        <label className="field">
          <span>Applies to</span>
          <select className="form-control" value={workflowId} disabled={info?.scope !== 'workflow'} onChange={(event) => setWorkflowId(event.target.value)} aria-invalid={invalid('workflowId')} data-testid="rule-workflow">
            <option value="">{info?.scope === 'workflow' ? 'Every workflow (global)' : `Every ${info?.subject ?? 'subject'}`}</option>
            {info?.scope === 'workflow' &&
              workflows.data?.map((workflow) => (
                <option key={workflow.id} value={workflow.id}>
                  {workflow.name}
                </option>
              ))}
          </select>
          <small className="muted">A workflow’s own rule replaces the global one of the same kind for it.</small>
        </label>
        <label className="field">
          <span>Fires at{info && UNIT_LABEL[info.unit] ? ` (${UNIT_LABEL[info.unit]})` : ''}</span>
          <input className="form-control" type="number" min={0} step="any" value={shownThreshold} onChange={(event) => setThreshold(event.target.value)} aria-invalid={invalid('threshold')} data-testid="rule-threshold" />
        </label>
        {info?.usesWindow !== false && (
          <label className="field">
            <span>Over the last (minutes)</span>
            <input className="form-control" type="number" min={1} value={windowMinutes} onChange={(event) => setWindowMinutes(event.target.value)} aria-invalid={invalid('windowSeconds')} data-testid="rule-window" />
            <small className="muted">{Number(windowMinutes) > 0 ? formatWindow(Math.round(Number(windowMinutes) * 60)) : ''}</small>
          </label>
        )}
        <label className="field">
          <span>With at least (samples)</span>
          <input className="form-control" type="number" min={1} value={minSamples} onChange={(event) => setMinSamples(event.target.value)} aria-invalid={invalid('minSamples')} data-testid="rule-min-samples" />
          <small className="muted">So one failed run out of one does not read as 100 %.</small>
        </label>
        <label className="field">
          <span>Quiet after it resolves (minutes)</span>
          <input className="form-control" type="number" min={0} value={cooldownMinutes} onChange={(event) => setCooldownMinutes(event.target.value)} aria-invalid={invalid('cooldownSeconds')} data-testid="rule-cooldown" />
        </label>
        <div className="field">
          <span>Severity</span>
          <SegmentedChoice
            small
            label="Severity"
            name="rule-severity"
            choices={[
              { value: 'info', label: 'Info' },
              { value: 'warning', label: 'Warning' },
              { value: 'critical', label: 'Critical' },
            ]}
            value={severity}
            onChange={setSeverity}
            testId={(value) => `rule-severity-${value}`}
          />
        </div>
      </div>
      <fieldset className="field plain-fieldset">
        <span>Also tell (the inbox always gets it)</span>
        {channels.data?.length === 0 && <small className="muted">No channel yet: add one on the Channels tab.</small>}
        {channels.data?.map((channel) => (
          <label key={channel.id} className="field-inline">
            <input
              type="checkbox"
              checked={channelIds.includes(channel.id)}
              onChange={(event) => setChannelIds(event.target.checked ? [...channelIds, channel.id] : channelIds.filter((id) => id !== channel.id))}
              data-testid={`rule-channel-${channel.name}`}
            />
            {channel.name}
          </label>
        ))}
      </fieldset>
      <label className="field-inline">
        <input type="checkbox" checked={enabled} onChange={(event) => setEnabled(event.target.checked)} data-testid="rule-enabled" /> Enabled
      </label>
      {problem && (
        <p className="form-error" role="alert" data-testid="rule-error">
          {problem.message}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="button primary" disabled={save.isPending || !info} data-testid="rule-save">
          {existing ? 'Save rule' : 'Create rule'}
        </button>
      </div>
    </form>
  );
}

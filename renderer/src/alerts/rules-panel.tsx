import { Pencil, Plus, Trash2 } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { AlertRule } from '../../../shared/contract';
import { formatAlertValue, formatWindow } from '../../../shared/alerts/format-value';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { showToast } from '../components/toasts';
import { RuleDialog, type RuleTarget } from './rule-dialog';

/** "Every workflow", "Every MCP server"; "The vault" for a subject there is one of. */
const scopeLabel = (subject = 'subject') => (['queue', 'vault'].includes(subject) ? `The ${subject}` : `Every ${subject}`);

/** Every rule, global ones first: what it watches, when it fires, where it goes; switch, edit, delete. */
export function RulesPanel({ focusRuleId, onFocusDone }: { focusRuleId?: string; onFocusDone: () => void }) {
  const rules = useApiQuery('alerts.rules.list', {});
  const kinds = useApiQuery('alerts.kinds', {});
  const workflows = useApiQuery('workflows.list', {});
  const channels = useApiQuery('alerts.channels.list', {});
  const save = useApiMutation('alerts.rules.save');
  const remove = useApiMutation('alerts.rules.delete');
  const [target, setTarget] = useState<RuleTarget>();

  // Arriving from a red figure or an alert: that rule is opened, and its row shown.
  const focused = focusRuleId ? rules.data?.find((candidate) => candidate.id === focusRuleId) : undefined;
  const shown = target ?? (focused ? { rule: focused } : undefined);
  useEffect(() => {
    if (focused) document.querySelector(`[data-rule-id="${CSS.escape(focused.id)}"]`)?.scrollIntoView({ block: 'center' });
  }, [focused]);

  const kindOf = (rule: AlertRule) => kinds.data?.find((kind) => kind.kind === rule.kind);
  const toggle = ({ builtin: _builtin, createdAt: _created, updatedAt: _updated, firing: _firing, ...rule }: AlertRule) =>
    save.mutate({ ...rule, enabled: !rule.enabled }, { onSuccess: (saved) => showToast({ kind: 'success', title: `${saved.name}: ${saved.enabled ? 'on' : 'off'}` }) });
  const destroy = (rule: AlertRule) => {
    if (!confirm(`Delete the rule “${rule.name}”? Its alerts stay in the history.`)) return;
    remove.mutate({ id: rule.id }, { onSuccess: () => showToast({ kind: 'success', title: `Deleted “${rule.name}”` }) });
  };

  return (
    <section className="card" data-testid="alerts-rules">
      <div className="card-toolbar">
        <h2 className="card-title">Rules</h2>
        <button type="button" className="button primary" onClick={() => setTarget({})} data-testid="new-rule">
          <Plus size={15} aria-hidden /> New rule
        </button>
      </div>
      <div className="table-scroll">
        <table className="table" data-testid="rules-table">
          <thead>
            <tr>
              <th>On</th>
              <th>Rule</th>
              <th>Applies to</th>
              <th>Fires at</th>
              <th>Quiet for</th>
              <th>Tells</th>
              <th className="num">Firing</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rules.data?.map((rule) => {
              const kind = kindOf(rule);
              const scope = rule.workflowId ? (workflows.data?.find((workflow) => workflow.id === rule.workflowId)?.name ?? rule.workflowId) : scopeLabel(kind?.subject);
              const names = rule.channelIds.map((id) => channels.data?.find((channel) => channel.id === id)?.name ?? id);
              return (
                <tr key={rule.id} data-rule-id={rule.id} className={rule.id === focusRuleId ? 'focused' : undefined} data-testid={`rule-${rule.name}`}>
                  <td>
                    <label className="switch" title={rule.enabled ? 'Switch off' : 'Switch on'}>
                      <input type="checkbox" checked={rule.enabled} onChange={() => toggle(rule)} aria-label={`${rule.name} enabled`} data-testid="rule-toggle" />
                      <span />
                    </label>
                  </td>
                  <td>
                    <strong>{rule.name}</strong>
                    <div className="muted small">
                      {kind?.label ?? rule.kind}
                      {rule.builtin && <span className="tag">default</span>}
                    </div>
                  </td>
                  <td className="muted">{scope}</td>
                  <td className="nowrap">
                    {kind ? formatAlertValue(rule.threshold, kind.unit) : rule.threshold}
                    {kind?.usesWindow && <span className="muted"> / {formatWindow(rule.windowSeconds)}</span>}
                  </td>
                  <td className="muted nowrap">{rule.cooldownSeconds === 0 ? '—' : formatWindow(rule.cooldownSeconds)}</td>
                  <td className="muted">{names.length === 0 ? 'Inbox only' : names.join(', ')}</td>
                  <td className={`num${rule.firing > 0 ? ' danger-text' : ''}`}>{rule.firing}</td>
                  <td>
                    <div className="inline-actions">
                      <button type="button" className="icon-button" title="Edit" aria-label={`Edit ${rule.name}`} onClick={() => setTarget({ rule })} data-testid="rule-edit">
                        <Pencil size={15} />
                      </button>
                      <button type="button" className="icon-button" title="Delete" aria-label={`Delete ${rule.name}`} onClick={() => destroy(rule)} data-testid="rule-delete">
                        <Trash2 size={15} />
                      </button>
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {rules.data?.length === 0 && <p className="muted">No rule: alerts only come from rules. Start with “New rule”.</p>}
      <RuleDialog
        target={shown}
        onClose={() => {
          setTarget(undefined);
          onFocusDone();
        }}
      />
    </section>
  );
}

import { RefreshCw } from 'lucide-react';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { PageHeader } from '../components/page-header';
import { showToast } from '../components/toasts';
import { ChannelsPanel } from '../alerts/channels-panel';
import { useHashPath } from '../alerts/hash-path';
import { HealthPanel, WorkflowHealthView } from '../alerts/health-panel';
import { InboxPanel } from '../alerts/inbox-panel';
import { RulesPanel } from '../alerts/rules-panel';
import '../alerts/alerts.css';

const TABS = [
  { id: 'inbox', label: 'Inbox' },
  { id: 'health', label: 'Workflow health' },
  { id: 'rules', label: 'Rules' },
  { id: 'channels', label: 'Channels' },
] as const;
type Tab = (typeof TABS)[number]['id'];

/** `#/alerts/<tab>/<id>`: the inbox, a workflow's health, a rule opened for editing. */
export function AlertsPage() {
  const [path, navigate] = useHashPath('alerts');
  const tab: Tab = TABS.some((candidate) => candidate.id === path[0]) ? (path[0] as Tab) : 'inbox';
  const summary = useApiQuery('alerts.summary', {});
  const evaluate = useApiMutation('alerts.evaluate');
  const openRule = (ruleId: string) => navigate(['rules', ruleId]);

  return (
    <div className="page" data-testid="page-alerts">
      <PageHeader
        title="Alerts"
        subtitle="Rules over runs, MCP servers, connections and the vault; what fired, where it went, and each workflow’s health."
        actions={
          <button
            type="button"
            className="button"
            onClick={() => evaluate.mutate({}, { onSuccess: (result) => showToast({ kind: 'info', title: 'Rules checked', detail: `${result.fired} fired, ${result.resolved} resolved.` }) })}
            data-testid="alerts-evaluate"
          >
            <RefreshCw size={15} aria-hidden /> Check now
          </button>
        }
      />
      <div className="segmented tabs" role="tablist" aria-label="Alerts sections">
        {TABS.map(({ id, label }) => (
          <button key={id} type="button" role="tab" aria-selected={tab === id} className={`segment${tab === id ? ' selected' : ''}`} onClick={() => navigate([id])} data-testid={`alerts-tab-${id}`}>
            {label}
            {id === 'inbox' && summary.data && summary.data.unread > 0 && <span className="tab-count">{summary.data.unread}</span>}
          </button>
        ))}
      </div>
      {tab === 'inbox' && <InboxPanel onRule={openRule} onShowRules={() => navigate(['rules'])} />}
      {tab === 'health' && (path[1] ? <WorkflowHealthView workflowId={path[1]} onBack={() => navigate(['health'])} onRule={openRule} /> : <HealthPanel onOpen={(id) => navigate(['health', id])} />)}
      {tab === 'rules' && <RulesPanel focusRuleId={path[1]} onFocusDone={() => path[1] && navigate(['rules'])} />}
      {tab === 'channels' && <ChannelsPanel />}
    </div>
  );
}

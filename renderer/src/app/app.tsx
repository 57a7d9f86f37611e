import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useState, type ReactNode } from 'react';
import type { Page, Preferences } from '../../../shared/contract';
import { queryKey, useApiEvent, useApiQuery, useStoreInvalidation } from '../api/hooks';
import { ShortcutsDialog } from '../components/shortcuts-dialog';
import { Sidebar } from '../components/sidebar';
import { StatusBar } from '../components/status-bar';
import { Toaster } from '../components/toasts';
import { usePage } from '../navigation/use-page';
import { useShortcuts } from '../navigation/use-shortcuts';
import { useApprovalNotifications } from '../agents/use-approval-notifications';
import { DashboardPage } from '../pages/dashboard-page';
import { ExecutionsPage } from '../pages/executions-page';
import { CrashBanner } from '../logs/crash-reports';
import { showToast } from '../components/toasts';
import { AppliedTheme, useAppliedTheme } from '../theme/use-theme';

// The dashboard and executions open at once (the pages an operator lands on); every other page
// loads its code when first opened, so a cold start parses only what it shows.
const AgentsPage = lazy(() => import('../pages/agents-page').then((module) => ({ default: module.AgentsPage })));
const IntegrationsPage = lazy(() => import('../pages/integrations-page').then((module) => ({ default: module.IntegrationsPage })));
const McpServersPage = lazy(() => import('../pages/mcp-servers-page').then((module) => ({ default: module.McpServersPage })));
const SettingsPage = lazy(() => import('../pages/settings-page').then((module) => ({ default: module.SettingsPage })));
const TeamPage = lazy(() => import('../pages/team-page').then((module) => ({ default: module.TeamPage })));
const VaultPage = lazy(() => import('../pages/vault-page').then((module) => ({ default: module.VaultPage })));
const WorkflowsPage = lazy(() => import('../pages/workflows-page').then((module) => ({ default: module.WorkflowsPage })));
const AlertsPage = lazy(() => import('../pages/alerts-page').then((module) => ({ default: module.AlertsPage })));
const LogsPage = lazy(() => import('../pages/logs-page').then((module) => ({ default: module.LogsPage })));
const WorkersPage = lazy(() => import('../pages/workers-page').then((module) => ({ default: module.WorkersPage })));

export function App() {
  const [page, navigate] = usePage();
  const [helpOpen, setHelpOpen] = useState(false);
  const toggleHelp = useCallback(() => setHelpOpen((open) => !open), []);
  const preferences = useApiQuery('preferences.get', {});
  const status = useApiQuery('app.status', {});
  const theme = useAppliedTheme(preferences.data?.theme);
  useStoreInvalidation();
  useShortcuts(navigate, toggleHelp);
  const queryClient = useQueryClient();
  // Preferences live outside SQLite, so they arrive as their own event rather than a table change.
  useApiEvent('preferences.changed', useCallback((next: Preferences) => queryClient.setQueryData(queryKey('preferences.get', {}), next), [queryClient]));
  useApiEvent('app.navigate', useCallback(({ page: next }: { page: Page }) => navigate(next), [navigate]));
  const alerts = useApiQuery('alerts.summary', {});
  useApiEvent('alerts.fired', useCallback(({ title, severity, message }: { title: string; severity: string; message: string }) => showToast({ kind: severity === 'critical' ? 'error' : 'info', title, detail: message }), []));
  useApprovalNotifications(useCallback(() => navigate('agents'), [navigate]));

  const pages: Record<Page, ReactNode> = {
    dashboard: <DashboardPage onNavigate={navigate} />,
    agents: <AgentsPage />,
    workflows: <WorkflowsPage />,
    mcp: <McpServersPage />,
    integrations: <IntegrationsPage onNavigate={navigate} />,
    executions: <ExecutionsPage />,
    vault: <VaultPage />,
    team: <TeamPage />,
    settings: <SettingsPage />,
    alerts: <AlertsPage />,
    logs: <LogsPage />,
    workers: <WorkersPage />,
  };

  return (
    <AppliedTheme.Provider value={theme}>
    <div className="app" data-app-state={status.isSuccess && preferences.isSuccess ? 'loaded' : 'loading'}>
      <Sidebar current={page} onNavigate={navigate} badges={{ alerts: alerts.data?.firing }} />
      <main className="content" id="main">
        <CrashBanner onOpen={() => navigate('logs')} />
        <Suspense fallback={<p className="muted page-loading">Loading…</p>}>{pages[page]}</Suspense>
      </main>
      <StatusBar />
      <Toaster />
      <ShortcutsDialog open={helpOpen} onClose={() => setHelpOpen(false)} />
    </div>
    </AppliedTheme.Provider>
  );
}

import { Monitor, Moon, Sun } from 'lucide-react';
import type { Theme } from '../../../shared/contract';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { PageHeader } from '../components/page-header';
import { showToast } from '../components/toasts';
import { ShortcutsTable } from '../components/shortcuts-table';
import { SegmentedChoice } from '../components/segmented-choice';
import { TelemetrySettings } from '../settings/telemetry-settings';
import { CrashReportsCard } from '../settings/crash-reports-card';
import { UpdatesCard } from '../settings/updates-card';
import '../settings/settings.css';

const THEMES: { value: Theme; label: string; icon: typeof Sun }[] = [
  { value: 'system', label: 'Follow the system', icon: Monitor },
  { value: 'light', label: 'Light', icon: Sun },
  { value: 'dark', label: 'Dark', icon: Moon },
];

export function SettingsPage() {
  const preferences = useApiQuery('preferences.get', {});
  const status = useApiQuery('app.status', {});
  const update = useApiMutation('preferences.update');

  return (
    <div className="page" data-testid="page-settings">
      <PageHeader title="Settings" subtitle="Appearance, where Echelon keeps its data, updates and crash reports." />
      <section className="card">
        <h2 className="card-title">Theme</h2>
        <SegmentedChoice
          label="Theme"
          name="theme"
          choices={THEMES.map(({ value, label, icon: Icon }) => ({
            value,
            label: (
              <>
                <Icon size={16} aria-hidden />
                {label}
              </>
            ),
          }))}
          value={preferences.data?.theme}
          onChange={(theme) => update.mutate({ theme }, { onSuccess: () => showToast({ kind: 'success', title: `Theme: ${THEMES.find((t) => t.value === theme)!.label.toLowerCase()}` }) })}
          testId={(value) => `theme-${value}`}
        />
      </section>
      <section className="card">
        <h2 className="card-title">Data</h2>
        <dl className="facts">
          <dt>Data dir</dt>
          <dd className="mono">{status.data?.dataDir}</dd>
          <dt>Database</dt>
          <dd className="mono">{status.data?.databasePath}</dd>
          <dt>Schema version</dt>
          <dd>{status.data?.schemaVersion}</dd>
          <dt>Runtime</dt>
          <dd>
            Node {status.data?.nodeVersion} on {status.data?.platform}
          </dd>
        </dl>
        <p className="muted">
          Start Echelon with <code>--data-dir DIR</code> or set <code>ECHELON_DATA_DIR</code> to keep data elsewhere.
        </p>
      </section>
      <TelemetrySettings />
      <UpdatesCard />
      <CrashReportsCard />
      <section className="card">
        <h2 className="card-title">Keyboard shortcuts</h2>
        <ShortcutsTable />
      </section>
    </div>
  );
}

import { FolderOpen } from 'lucide-react';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { formatRelative } from '../components/format';
import { formatBytes } from '../executions/format';

/** Crash dumps the desktop app kept on this computer, for the person to look at and send if they choose. */
export function CrashReportsCard() {
  const reports = useApiQuery('desktop.crashReports.list', {});
  const reveal = useApiMutation('desktop.crashReports.reveal');
  if (!reports.data) return null;
  const { supported, folder, dumps } = reports.data;
  return (
    <section className="card" data-testid="crash-reports-card">
      <h2 className="card-title">Crash reports</h2>
      {!supported ? (
        <p className="muted" data-testid="crash-reports-unsupported">
          The desktop app keeps a report of each crash on this computer. Here, in <code>echelon serve</code>, errors go to the log in the data dir&apos;s <code>logs</code> folder.
        </p>
      ) : dumps.length === 0 ? (
        <p className="muted" data-testid="crash-reports-empty">
          No crash recorded. If Echelon ever crashes, a report stays in <code>{folder}</code>; nothing is sent anywhere.
        </p>
      ) : (
        <>
          <p className="muted">Reports stay on this computer and are never uploaded. To send one, show it in its folder and attach it to your message.</p>
          <table className="table compact" data-testid="crash-reports">
            <thead>
              <tr>
                <th>Crashed</th>
                <th>Report</th>
                <th className="num">Size</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {dumps.map((dump) => (
                <tr key={dump.id}>
                  <td title={new Date(dump.createdAt).toLocaleString()}>{formatRelative(dump.createdAt)}</td>
                  <td className="mono">{dump.id}</td>
                  <td className="num">{formatBytes(dump.bytes)}</td>
                  <td className="num">
                    <button type="button" className="button" onClick={() => reveal.mutate({ id: dump.id })}>
                      <FolderOpen size={15} aria-hidden /> Show in folder
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

import { SHORTCUTS } from '../navigation/use-shortcuts';

/** Every keyboard shortcut, for the ? dialog and the Settings page. */
export function ShortcutsTable() {
  return (
    <table className="table compact">
      <tbody>
        {SHORTCUTS.map((shortcut) => (
          <tr key={shortcut.keys}>
            <td>
              <kbd>{shortcut.keys}</kbd>
            </td>
            <td>{shortcut.action}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

import { expect, screenshot, test } from './fixtures';

test('Settings says that updates and crash reports belong to the desktop app under echelon serve', async ({ app, pageErrors }) => {
  await app.getByTestId('nav-settings').click();
  const updates = app.getByTestId('updates-card');
  await expect(updates).toHaveAttribute('data-update-state', 'unsupported');
  await expect(updates.getByTestId('update-summary')).toContainText('update echelon serve and the CLI with npm');
  await expect(updates.getByTestId('update-check')).toHaveCount(0);
  await expect(updates.getByTestId('update-automatic')).toHaveCount(0);
  const crashes = app.getByTestId('crash-reports-card');
  await expect(crashes.getByTestId('crash-reports-unsupported')).toContainText('The desktop app keeps a report of each crash on this computer');
  await expect(crashes.getByRole('table')).toHaveCount(0);
  await screenshot(app, 'settings-updates-and-crash-reports');
  expect(pageErrors).toEqual([]);
});

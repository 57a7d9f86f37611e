import type { Page } from '@playwright/test';
import { expect, screenshot, test } from './fixtures';

async function newWorkflow(app: Page): Promise<void> {
  await app.getByTestId('nav-workflows').click();
  await app.getByTestId('new-workflow').first().click();
  await expect(app.getByTestId('workflow-editor')).toBeVisible();
}

/**
 * Drags from one node's output handle to another's input handle, as a person connects nodes: once
 * the view has stopped moving (adding a node pans and zooms to show it, in an animation).
 */
async function connect(app: Page, from: string, to: string): Promise<void> {
  const source = app.getByTestId(`canvas-node-${from}`).locator('.react-flow__handle.source').first();
  const target = app.getByTestId(`canvas-node-${to}`).locator('.react-flow__handle.target').first();
  let last = '';
  await expect
    .poll(async () => {
      const now = JSON.stringify([await source.boundingBox(), await target.boundingBox()]);
      const still = now === last;
      last = now;
      return still;
    }, { intervals: [100] })
    .toBe(true);
  await source.dragTo(target);
}

test('build a workflow on the canvas, autosave it, save a version and watch it run', async ({ app, pageErrors }) => {
  await newWorkflow(app);
  await expect(app.getByTestId('canvas-empty')).toBeVisible();
  await app.getByTestId('workflow-name').fill('Greeting');

  await app.getByTestId('palette-search').fill('manual');
  await app.getByTestId('palette-manual.trigger').click();
  await app.getByTestId('palette-search').fill('');
  await app.getByTestId('palette-transform.edit').click();
  await expect(app.getByTestId('canvas-node-Manual trigger')).toBeVisible();
  await expect(app.getByTestId('canvas-node-Edit fields')).toBeVisible();
  // Two unconnected nodes: the transform cannot be reached, and validation says so, pointing at it.
  await expect(app.getByTestId('problems-panel')).not.toHaveAttribute('data-count', '0');

  await connect(app, 'Manual trigger', 'Edit fields');
  await expect(app.locator('.react-flow__edge')).toHaveCount(1);
  await expect(app.getByTestId('problems-panel')).toHaveAttribute('data-count', '0');

  // The inspector edits the selected node with forms generated from its schemas.
  await app.getByTestId('canvas-node-Edit fields').click();
  const inspector = app.getByTestId('node-inspector');
  await expect(inspector).toBeVisible();
  await inspector.locator('input[id^="settings-"][id$="_name"]').fill('Shape output');
  await expect(app.getByTestId('canvas-node-Shape output')).toBeVisible();
  await expect(app.getByTestId('draft-state')).toHaveAttribute('data-state', 'saved');
  await screenshot(app, 'light-workflow-canvas');

  // Undo takes back the rename; redo brings it back.
  await app.locator('.react-flow__pane').click();
  await app.keyboard.press('Control+z');
  await expect(app.getByTestId('canvas-node-Edit fields')).toBeVisible();
  await app.keyboard.press('Control+Shift+z');
  await expect(app.getByTestId('canvas-node-Shape output')).toBeVisible();

  // The draft survives a reload, before any version is saved.
  await expect(app.getByTestId('draft-state')).toHaveAttribute('data-state', 'saved');
  await app.reload();
  await expect(app.getByTestId('canvas-node-Shape output')).toBeVisible();
  await expect(app.getByTestId('workflow-name')).toHaveValue('Greeting');

  await app.keyboard.press('Control+s');
  await expect(app.getByTestId('toast').filter({ hasText: 'Saved version 2' })).toBeVisible();

  await app.getByTestId('run-workflow').click();
  await expect(app.getByTestId('canvas-node-Manual trigger')).toHaveAttribute('data-state', 'succeeded');
  await expect(app.getByTestId('canvas-node-Shape output')).toHaveAttribute('data-state', 'succeeded');
  await expect(app.getByTestId('toast').filter({ hasText: /Run #\d+ succeeded/ })).toBeVisible();

  await app.emulateMedia({ colorScheme: 'dark' });
  await expect(app.locator('html')).toHaveAttribute('data-theme', 'dark');
  await app.getByTestId('canvas-node-Shape output').click();
  await screenshot(app, 'dark-workflow-canvas');
  expect(pageErrors).toEqual([]);
});

test('deleting a node removes its connections, and Delete works from the keyboard', async ({ app }) => {
  await newWorkflow(app);
  await app.getByTestId('palette-manual.trigger').click();
  await app.getByTestId('palette-no-op.pass').click();
  await connect(app, 'Manual trigger', 'No operation');
  await expect(app.locator('.react-flow__edge')).toHaveCount(1);
  await app.getByTestId('canvas-node-No operation').click();
  await app.keyboard.press('Delete');
  await expect(app.getByTestId('canvas-node-No operation')).toHaveCount(0);
  await expect(app.locator('.react-flow__edge')).toHaveCount(0);
});

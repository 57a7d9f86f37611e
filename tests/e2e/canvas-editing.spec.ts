import type { Page } from '@playwright/test';
import type { WorkflowDocument } from '../../shared/workflow/document';
import { type ApiClient } from '../helpers/api';
import { startOwnServer, stopOwnServer, type OwnServer } from './own-server';
import { expect, inPage, onScreen, screenshotAll, test } from './fixtures';

// Its own server: the documents here are made through the API and compared after each edit.
let server: OwnServer;
let api: ApiClient;

test.beforeAll(async () => {
  server = await startOwnServer('editing');
  api = server.api;
});
test.afterAll(() => stopOwnServer(server));

const node = (name: string, type: string, x: number, parameters: Record<string, unknown> = {}) => ({ id: name.replace(/\W+/g, '-'), type, typeVersion: '1.0.0', name, position: { x, y: 0 }, parameters: parameters as never });
const chain = (name: string, nodes: ReturnType<typeof node>[]) => ({
  schemaVersion: 1 as const,
  name,
  nodes,
  edges: nodes.slice(1).map((to, i) => ({ from: { node: nodes[i]!.id, output: 'main' }, to: { node: to.id, input: 'main' } })),
});

async function open(page: Page, id: string): Promise<void> {
  await page.goto(`${server.url}#/workflows/${id}`);
  await expect(page.getByTestId('workflow-editor')).toBeVisible({ timeout: 20_000 });
  await expect(page.locator('.react-flow__node').first()).toBeVisible();
}

async function draftOf(id: string): Promise<WorkflowDocument | undefined> {
  const draft = await api.call('drafts.get', { workflowId: id });
  return draft ? (draft.document as unknown as WorkflowDocument) : undefined;
}

/** The document as the server keeps it, once the draft autosave has caught up with the canvas. */
async function savedDraft(id: string, has: (names: string[]) => boolean): Promise<string[]> {
  let names: string[] = [];
  await expect
    .poll(async () => {
      names = ((await draftOf(id))?.nodes ?? []).map((entry) => entry.name);
      return has(names);
    }, { timeout: 10_000 })
    .toBe(true);
  return names;
}

/** A paste event carrying `text`, as the system clipboard delivers it. */
async function paste(page: Page, text: string): Promise<void> {
  await page.evaluate(
    inPage(`const transfer = new DataTransfer();
      transfer.setData('text/plain', ${JSON.stringify(text)});
      document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));`),
  );
}

/** What a copy event puts on the clipboard. */
async function copy(page: Page, kind: 'copy' | 'cut' = 'copy'): Promise<string> {
  return page.evaluate(
    inPage<string>(`const transfer = new DataTransfer();
      document.body.dispatchEvent(new ClipboardEvent('${kind}', { clipboardData: transfer, bubbles: true, cancelable: true }));
      return transfer.getData('text/plain');`),
  );
}

test('an empty workflow cannot be run from the canvas, and says what to add', async ({ page }) => {
  const { id } = await api.call('workflows.save', { document: { schemaVersion: 1, name: 'Nothing yet', nodes: [], edges: [] } });
  await page.goto(`${server.url}#/workflows/${id}`);
  await expect(page.getByTestId('canvas-empty')).toBeVisible();
  await expect(page.getByTestId('run-workflow')).toBeDisabled();
  await expect(page.getByTestId('problems-panel')).toContainText('Add a trigger');
  await expect(page.getByTestId('problems-panel')).not.toContainText('can run');
  // Ctrl+Enter does not run it either.
  await page.keyboard.press('Control+Enter');
  expect((await api.call('executions.list', { workflowId: id, limit: 1 })).items).toHaveLength(0);
});

test('copy, cut and paste nodes as JSON, between workflows too; select with a box; undo', async ({ page, pageErrors }) => {
  test.setTimeout(120_000);
  const source = await api.call('workflows.save', { document: chain('Copy from', [node('Start', 'manual.trigger', 0), node('Shape', 'transform.edit', 300, { fields: [{ name: 'a', value: '1' }] }), node('Done', 'no-op.pass', 600)]) });
  const target = await api.call('workflows.save', { document: chain('Paste into', [node('Begin', 'manual.trigger', 0)]) });
  await open(page, source.id);

  // A box drawn with Shift held selects the nodes it touches.
  const canvas = (await page.getByTestId('workflow-canvas').boundingBox())!;
  const shape = (await page.getByTestId('canvas-node-Shape').boundingBox())!;
  const done = (await page.getByTestId('canvas-node-Done').boundingBox())!;
  await page.keyboard.down('Shift');
  await page.mouse.move(shape.x - 20, canvas.y + 8);
  await page.mouse.down();
  await page.mouse.move(done.x + done.width + 20, Math.min(canvas.y + canvas.height - 8, done.y + done.height + 40), { steps: 8 });
  await page.mouse.up();
  await page.keyboard.up('Shift');
  await expect(page.getByTestId('canvas-node-Shape')).toHaveClass(/selected/);
  await expect(page.getByTestId('canvas-node-Done')).toHaveClass(/selected/);
  await expect(page.getByTestId('canvas-node-Start')).not.toHaveClass(/selected/);

  const clip = JSON.parse(await copy(page)) as { nodes: { name: string; parameters: unknown }[]; edges: unknown[] };
  expect(clip.nodes.map((entry) => entry.name).sort()).toEqual(['Done', 'Shape']);
  expect(clip.nodes.find((entry) => entry.name === 'Shape')!.parameters).toEqual({ fields: [{ name: 'a', value: '1' }] });
  // The connection between the two copied nodes travels with them; the one from Start does not.
  expect(clip.edges).toHaveLength(1);

  // Into another workflow: the nodes arrive connected, selected, with names that do not clash.
  await open(page, target.id);
  await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
  await paste(page, JSON.stringify(clip));
  await expect(page.getByTestId('canvas-node-Shape')).toHaveClass(/selected/);
  await expect(page.getByTestId('canvas-node-Done')).toBeVisible();
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);
  await savedDraft(target.id, (names) => names.includes('Shape') && names.includes('Done'));
  // Pasted again at once: copies get new names, and Ctrl+Z takes back this paste only, however
  // soon it followed the first.
  await paste(page, JSON.stringify(clip));
  await expect(page.getByTestId('canvas-node-Shape 2')).toBeVisible();
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('canvas-node-Shape 2')).toHaveCount(0);

  // Text that is not nodes says so and changes nothing.
  await paste(page, '{"nodes": "not a list"}');
  await expect(page.getByTestId('toast').filter({ hasText: 'Nothing pasted' })).toBeVisible();
  await expect(page.locator('.react-flow__node')).toHaveCount(3);

  // Cut takes the selection away; paste puts it back.
  await page.getByTestId('canvas-node-Done').click();
  const cut = await copy(page, 'cut');
  await expect(page.getByTestId('canvas-node-Done')).toHaveCount(0);
  await paste(page, cut);
  await expect(page.getByTestId('canvas-node-Done')).toBeVisible();
  await screenshotAll(page, 'canvas-pasted');
  expect(pageErrors).toEqual([]);
});

test('tidy up, sticky notes, snap to grid, insert at the pointer by keyboard, collapsible panels', async ({ page, pageErrors }) => {
  test.setTimeout(120_000);
  // Nodes strewn about: tidy lays them out left to right by their connections.
  const strewn = chain('Strewn', [node('Start', 'manual.trigger', 900), node('Middle', 'no-op.pass', 0), node('End', 'no-op.pass', 450)]);
  strewn.nodes[1]!.position.y = 500;
  const { id } = await api.call('workflows.save', { document: strewn });
  await open(page, id);
  await page.getByTestId('tidy-up').click();
  await expect
    .poll(async () => {
      const xs = await Promise.all(['Start', 'Middle', 'End'].map(async (name) => (await page.getByTestId(`canvas-node-${name}`).boundingBox())!.x));
      return xs[0]! < xs[1]! && xs[1]! < xs[2]!;
    })
    .toBe(true);
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await page.getByTestId('canvas-node-Middle').boundingBox())!.x < (await page.getByTestId('canvas-node-Start').boundingBox())!.x).toBe(true);
  // Shift+1 fits the whole workflow in view again.
  await page.keyboard.press('Shift+Digit1');
  await expect.poll(async () => (await onScreen(page, 'canvas-node-End')) && (await onScreen(page, 'canvas-node-Start')) && (await onScreen(page, 'canvas-node-Middle'))).toBe(true);

  // A sticky note at the pointer, written in place.
  const canvas = (await page.getByTestId('workflow-canvas').boundingBox())!;
  await page.mouse.move(canvas.x + 120, canvas.y + canvas.height - 160);
  await page.keyboard.press('Shift+S');
  const note = page.getByTestId('sticky-note');
  await expect(note).toHaveCount(1);
  await note.dblclick();
  await note.locator('textarea').fill('Ask Ana before changing the schedule');
  await page.getByTestId('workflow-canvas').click({ position: { x: canvas.width - 30, y: 30 } });
  await expect(note).toContainText('Ask Ana before changing the schedule');

  // Snap: G turns it off and on, and the toolbar shows which.
  await expect(page.getByTestId('toggle-snap')).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('g');
  await expect(page.getByTestId('toggle-snap')).toHaveAttribute('aria-pressed', 'false');
  await page.keyboard.press('g');
  await expect(page.getByTestId('toggle-snap')).toHaveAttribute('aria-pressed', 'true');

  // N with a node selected: the new node comes after it, connected.
  await page.getByTestId('canvas-node-End').click();
  await page.keyboard.press('Escape');
  await page.getByTestId('canvas-node-End').click();
  const edges = await page.locator('.react-flow__edge').count();
  await page.keyboard.press('n');
  await page.getByTestId('quick-insert-input').fill('edit fields');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('canvas-node-Edit fields')).toBeVisible();
  await expect(page.locator('.react-flow__edge')).toHaveCount(edges + 1);
  await expect(page.getByTestId('node-inspector')).toBeVisible();
  // The inspector stands beside the canvas: it does not cover the node it edits.
  const inspector = (await page.getByTestId('node-inspector').boundingBox())!;
  const edited = (await page.getByTestId('canvas-node-Edit fields').boundingBox())!;
  expect(edited.x + edited.width).toBeLessThanOrEqual(inspector.x + 1);

  // Panels fold away and come back.
  await page.getByTestId('collapse-inspector').click();
  await expect(page.getByTestId('node-inspector')).toHaveCount(0);
  await page.getByTestId('expand-inspector').click();
  await expect(page.getByTestId('node-inspector')).toBeVisible();
  await page.getByTestId('toggle-palette').click();
  await expect(page.getByTestId('node-palette')).toHaveAttribute('data-collapsed');
  await page.getByTestId('toggle-palette').click();
  await expect(page.getByTestId('palette-search')).toBeVisible();
  await savedDraft(id, (names) => names.includes('Edit fields'));
  expect(JSON.stringify((await draftOf(id))?.meta)).toContain('Ask Ana before changing the schedule');
  await screenshotAll(page, 'canvas-editing');
  expect(pageErrors).toEqual([]);
});

test('n8n sticky notes import as notes on the canvas', async ({ page }) => {
  const n8n = {
    name: 'With a note',
    nodes: [
      { id: 'a', name: 'When clicking', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
      { id: 'b', name: 'Note', type: 'n8n-nodes-base.stickyNote', typeVersion: 1, position: [-40, -260], parameters: { content: '## Setup\nPut your key in the vault first', width: 300, height: 200 } },
    ],
    connections: {},
  };
  const imported = await api.call('workflows.import', { text: JSON.stringify(n8n) });
  await open(page, imported.id);
  await expect(page.getByTestId('sticky-note')).toContainText('Put your key in the vault first');
  await expect(page.getByTestId('canvas-node-Note')).toHaveCount(0);
});

test('an imported n8n workflow says on the canvas what would make each unmapped node run', async ({ page, pageErrors }) => {
  const n8n = {
    name: 'Partly mapped',
    nodes: [
      { id: 'a', name: 'When clicking', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
      { id: 'b', name: 'Py step', type: 'n8n-nodes-base.code', typeVersion: 2, position: [220, 0], parameters: { language: 'python', pythonCode: 'return _input.all()' } },
      { id: 'c', name: 'Mattermost', type: 'n8n-nodes-base.mattermost', typeVersion: 2, position: [440, 0], parameters: {} },
    ],
    connections: { 'When clicking': { main: [[{ node: 'Py step', type: 'main', index: 0 }]] }, 'Py step': { main: [[{ node: 'Mattermost', type: 'main', index: 0 }]] } },
  };
  const imported = await api.call('workflows.import', { text: JSON.stringify(n8n) });
  await open(page, imported.id);
  const problems = page.getByTestId('problems-panel');
  await expect(problems).toContainText('To run it: "Py step" is Python code, which Echelon does not run');
  await expect(problems).toContainText('Echelon has no Mattermost integration yet: call the Mattermost API with an HTTP request node');
  await problems.getByRole('button', { name: 'Mattermost' }).click();
  await expect(page.getByTestId('inspector-problems')).toContainText('call the Mattermost API with an HTTP request node');
  await screenshotAll(page, 'canvas-n8n-import-report');
  expect(pageErrors).toEqual([]);
});

test('the inspector\'s forms read well: titled, grouped, no bookkeeping ids to type', async ({ page }) => {
  const { id } = await api.call('workflows.save', {
    document: chain('Forms', [node('Start', 'manual.trigger', 0), node('Check', 'if.check', 300), node('Fetch', 'http-request.send', 600, { url: 'https://example.com', method: 'GET' })]),
  });
  await open(page, id);
  await page.getByTestId('canvas-node-Check').click();
  const inspector = page.getByTestId('node-inspector');
  await expect(inspector).toBeVisible();
  await expect(inspector).not.toContainText(/Conditions-\d/);
  await expect(inspector.locator('label', { hasText: /^Id\*?$/ })).toHaveCount(0);
  // Fetch lies beyond the inspector's edge: found by name, it is brought into view and opened.
  await page.keyboard.press('/');
  await page.getByTestId('node-search-input').fill('Fetch');
  await page.keyboard.press('Enter');
  await expect.poll(() => onScreen(page, 'canvas-node-Fetch')).toBe(true);
  await expect(inspector.locator('label', { hasText: /^URL/ }).first()).toBeVisible();
  await expect(inspector).not.toContainText(/\bUrl\b/);
  // No control runs past the panel's edge.
  const panel = (await inspector.boundingBox())!;
  for (const control of await inspector.locator('select, input:not([type="hidden"]):not([type="checkbox"]), textarea').all()) {
    const box = await control.boundingBox();
    if (box) expect(box.x + box.width).toBeLessThanOrEqual(panel.x + panel.width + 1);
  }
  await screenshotAll(page, 'canvas-inspector-forms');
});

test('versions: the history shows what each changed, and restores one onto the canvas', async ({ page, pageErrors }) => {
  const first = chain('Versioned', [node('Start', 'manual.trigger', 0), node('Shape', 'transform.edit', 300, { fields: [{ name: 'greeting', value: 'hi' }] })]);
  const { id } = await api.call('workflows.save', { document: first });
  const second = chain('Versioned', [node('Start', 'manual.trigger', 0), node('Shape', 'transform.edit', 300, { fields: [{ name: 'greeting', value: 'hello there' }] }), node('Done', 'no-op.pass', 600)]);
  await api.call('workflows.save', { id, document: second });
  await open(page, id);
  await expect(page.getByTestId('canvas-node-Done')).toBeVisible();

  await page.getByTestId('show-history').click();
  await page.locator('[data-testid="version-item"][data-version="2"]').click();
  await page.getByTestId('compare-previous').click();
  const diff = page.getByTestId('version-diff');
  await expect(diff.getByTestId('diff-added')).toContainText('Done');
  await expect(diff.getByTestId('diff-changed')).toContainText('Shape');
  await expect(diff.getByTestId('diff-changed')).toContainText('hello there');
  await expect(diff.getByTestId('diff-changed')).toContainText('hi');
  await screenshotAll(page, 'canvas-versions');

  await page.locator('[data-testid="version-item"][data-version="1"]').click();
  await page.getByTestId('restore-version').click();
  await expect(page.getByTestId('canvas-node-Done')).toHaveCount(0);
  // A restore is one undoable change on the canvas, saved as a new version when asked.
  await page.keyboard.press('Control+s');
  await expect.poll(async () => (await api.call('workflows.get', { id })).version).toBe(3);
  expect((await api.call('workflows.get', { id })).document.nodes.map((entry) => entry.name).sort()).toEqual(['Shape', 'Start']);
  expect(pageErrors).toEqual([]);
});

test('Tab reaches the canvas without walking every palette entry', async ({ page }) => {
  const { id } = await api.call('workflows.save', { document: chain('Keys', [node('Start', 'manual.trigger', 0)]) });
  await open(page, id);
  await page.getByTestId('palette-search').focus();
  await expect(page.getByTestId('palette-search')).toBeFocused();
  // The search shows that it has the focus.
  const ring = await page.locator('.palette-search').evaluate(inPage<string>('return getComputedStyle(element).boxShadow'));
  expect(ring).not.toBe('none');
  const palette = page.getByTestId('node-palette');
  let stops = 0;
  for (; stops < 12; stops++) {
    await page.keyboard.press('Tab');
    const inside = await palette.evaluate(inPage<boolean>('return element.contains(document.activeElement)'));
    if (!inside) break;
  }
  expect(stops).toBeLessThan(4);
  // Arrows move within the palette's list.
  await page.locator('[data-testid^="palette-"][tabindex="0"]').focus();
  const first = await page.evaluate(inPage<string | null>("return document.activeElement?.getAttribute('data-testid')"));
  await page.keyboard.press('ArrowDown');
  const second = await page.evaluate(inPage<string | null>("return document.activeElement?.getAttribute('data-testid')"));
  expect(first).toMatch(/^palette-/);
  expect(second).toMatch(/^palette-/);
  expect(second).not.toBe(first);
});

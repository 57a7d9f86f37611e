import type { Page } from '@playwright/test';
import { startLlmProvider, type LlmProvider, type ScriptedTurn } from '../fixtures/llm-provider';
import { EVERYTHING } from '../helpers/mcp-servers';
import { expect, screenshot, test } from './fixtures';

let provider: LlmProvider;

test.beforeAll(async () => {
  // The model first says what it will do (slowly, so the stream can be watched), calls echo, then answers with the tool's result.
  provider = await startLlmProvider({
    script: (request): ScriptedTurn => {
      const result = request.messages.flatMap((message) => message.toolResults)[0];
      if (!result) return { text: 'I will check this with the echo tool before answering you.', chunkDelayMs: 500, toolCalls: [{ name: 'tools__echo', arguments: { message: 'hello from the browser' } }], usage: { input: 320, output: 24 } };
      return { text: `The echo tool answered "${result.content}". Everything works.`, chunkDelayMs: 80, usage: { input: 410, output: 16 } };
    },
  });
});
test.afterAll(() => provider.close());

test.describe.configure({ mode: 'serial' });

async function inBothThemes(page: Page, name: string): Promise<void> {
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await screenshot(page, `${theme}-${name}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('the agents page starts empty and says how to begin', async ({ app }) => {
  await app.getByTestId('nav-agents').click();
  await expect(app.getByTestId('page-agents')).toBeVisible();
  await expect(app.getByTestId('empty-state')).toContainText('No agents yet');
  await inBothThemes(app, 'agents-empty');
});

test('builds an agent in the wizard, runs a task, watches its tokens stream and approves its tool call', async ({ app, pageErrors }) => {
  // A long walk through the app (two themes at each stop) on a shared, busy machine.
  test.setTimeout(240_000);
  // A tool server and a provider connection, made the way a person makes them.
  await app.getByTestId('nav-mcp').click();
  await app.getByTestId('mcp-add').first().click();
  const add = app.getByTestId('add-server-dialog');
  await add.getByTestId('add-name').fill('tools');
  await add.getByTestId('add-command').fill(process.execPath);
  await add.getByTestId('add-args').fill(EVERYTHING);
  await add.getByTestId('add-submit').click();
  await expect(add).toBeHidden();

  await app.getByTestId('nav-integrations').click();
  await app.getByTestId('gallery-api:openai-compatible').click();
  const connection = app.getByTestId('connection-dialog');
  await connection.getByTestId('connection-name').fill('Local model');
  await connection.locator('#config_baseUrl').fill(provider.openaiUrl);
  await connection.getByTestId('auth-type').selectOption('none');
  await connection.getByTestId('connection-save').click();
  await expect(connection).toBeHidden();

  // The wizard: a role, a provider checked for real, a tool found on its server, limits read as typed.
  await app.getByTestId('nav-agents').click();
  await app.getByTestId('agent-new').first().click();
  const wizard = app.getByTestId('agent-wizard');
  await wizard.getByTestId('template-support').click();
  await inBothThemes(app, 'agents-wizard-role');
  await wizard.getByTestId('wizard-next').click();

  await wizard.getByTestId('wizard-connection').selectOption({ label: 'Local model (OpenAI-compatible)' });
  await wizard.getByTestId('wizard-model').fill('gpt-4o');
  await expect(wizard.getByTestId('wizard-next')).toBeDisabled();
  await wizard.getByTestId('wizard-check-provider').click();
  await expect(wizard.getByTestId('provider-check')).toHaveAttribute('data-ok', 'false');
  await expect(wizard.getByTestId('provider-check')).toContainText('does not list "gpt-4o"');
  await wizard.getByTestId('wizard-model').fill('gpt-4o-mini');
  await wizard.getByTestId('wizard-check-provider').click();
  await expect(wizard.getByTestId('provider-check')).toHaveAttribute('data-ok', 'true');
  await wizard.getByTestId('wizard-next').click();

  await wizard.getByTestId('tool-server-start-tools').click();
  await wizard.getByTestId('tool-tools__echo').check();
  await wizard.getByTestId('policy-tools__echo').selectOption('always');
  await wizard.getByTestId('wizard-check-tools').click();
  await expect(wizard.getByTestId('tools-check')).toHaveAttribute('data-ok', 'true');
  await inBothThemes(app, 'agents-wizard-tools');
  await wizard.getByTestId('wizard-next').click();

  await wizard.getByTestId('wizard-name').fill('Support desk');
  await wizard.getByTestId('limit-maxSteps').fill('0');
  await expect(wizard.getByTestId('definition-problems')).toContainText('limits.maxSteps');
  await expect(wizard.getByTestId('wizard-next')).toBeDisabled();
  await wizard.getByTestId('limit-maxSteps').fill('6');
  await expect(wizard.getByTestId('definition-problems')).toBeHidden();
  await inBothThemes(app, 'agents-wizard-limits');
  await wizard.getByTestId('wizard-next').click();
  await expect(wizard.getByTestId('wizard-review')).toContainText('tools__echo (asks)');
  await wizard.getByTestId('wizard-save').click();
  await expect(wizard).toBeHidden();

  // The agent starts (its provider and tools checked again) and takes a task.
  const detail = app.getByTestId('agent-detail');
  await expect(detail.getByTestId('agent-status')).toHaveAttribute('data-status', 'running', { timeout: 20_000 });
  await detail.getByTestId('new-task-text').fill('Check that the tools work, then tell me.');
  await detail.getByTestId('new-task-submit').click();

  const run = app.getByTestId('task-view');
  await expect(run).toBeVisible();
  // Tokens arrive while the turn is still being written: the first readings show only its beginning.
  const answer = run.getByTestId('task-answer');
  await expect(answer).toContainText('I will check', { timeout: 20_000 });
  expect(await answer.textContent()).not.toContain('before answering you.');
  await expect(answer).toHaveClass(/streaming/);
  await inBothThemes(app, 'agents-run-streaming');
  await expect(answer).toContainText('before answering you.', { timeout: 20_000 });

  // The tool call waits for a person, with its arguments shown.
  const approval = run.getByTestId('approval');
  await expect(approval).toBeVisible({ timeout: 20_000 });
  await expect(approval.getByTestId('approval-arguments')).toContainText('hello from the browser');
  await expect(run.getByTestId('task-state')).toHaveAttribute('data-state', 'awaiting_approval');
  await inBothThemes(app, 'agents-run-approval');
  await approval.getByTestId('approval-approve').click();

  await expect(run.getByTestId('task-state')).toHaveAttribute('data-state', 'completed', { timeout: 20_000 });
  await expect(run.getByTestId('task-answer')).toHaveText('The echo tool answered "Echo: hello from the browser". Everything works.');
  await expect(run.getByTestId('step-tool')).toContainText('Echo: hello from the browser');
  await expect(run.getByTestId('step-approval')).toHaveAttribute('data-status', 'approved');
  await inBothThemes(app, 'agents-run-done');
  expect(pageErrors).toEqual([]);
});

test('the overview, the approvals inbox and analytics show what happened', async ({ app, pageErrors }) => {
  await app.getByTestId('nav-agents').click();
  const card = app.getByTestId('agent-card-Support desk');
  await expect(card.getByTestId('agent-status')).toHaveAttribute('data-status', 'running');
  await expect(card).toContainText('1 done today');
  await expect(app.getByTestId('activity-feed')).toContainText('approved in the app');
  await inBothThemes(app, 'agents-overview');

  await app.getByTestId('agents-view-approvals').click();
  await expect(app.getByTestId('approvals-inbox')).toContainText('Nothing waits for you');
  await inBothThemes(app, 'agents-approvals');

  await app.getByTestId('agents-view-analytics').click();
  await expect(app.getByTestId('chart-tasks')).toBeVisible();
  await expect(app.getByTestId('metrics-row')).toContainText('Support desk');
  await app.getByTestId('metrics-row').click();
  await expect(app.getByTestId('agent-report')).toContainText('tools__echo');
  await inBothThemes(app, 'agents-analytics');

  await app.getByTestId('agents-view-overview').click();
  await card.getByTestId('agent-stop').click();
  await expect(card.getByTestId('agent-status')).toHaveAttribute('data-status', 'inactive');
  expect(pageErrors).toEqual([]);
});

test('a workflow is offered as a tool from its editor, and agents can be given it', async ({ app, pageErrors }) => {
  await app.getByTestId('nav-workflows').click();
  await app.getByTestId('new-workflow').first().click();
  await app.getByTestId('workflow-name').fill('Look up order');
  await app.getByTestId('palette-search').fill('manual');
  await app.getByTestId('palette-manual.trigger').click();
  const toggle = app.getByTestId('expose-as-tool');
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await toggle.click();
  await expect(toggle).toHaveText('Tool: look_up_order');
  await app.getByTestId('save-version').click();
  await expect(app.getByTestId('toast').filter({ hasText: /Saved version/ })).toBeVisible();
  await screenshot(app, 'light-agents-expose-as-tool');

  await app.getByTestId('nav-agents').click();
  await app.getByTestId('agent-new').first().click();
  const wizard = app.getByTestId('agent-wizard');
  await wizard.getByTestId('wizard-next').click();
  await wizard.getByTestId('wizard-connection').selectOption({ label: 'Local model (OpenAI-compatible)' });
  await wizard.getByTestId('wizard-model').fill('gpt-4o-mini');
  await wizard.getByTestId('wizard-check-provider').click();
  await wizard.getByTestId('wizard-next').click();
  await expect(wizard.getByTestId('tool-server-workflows')).toContainText('look_up_order');
  expect(pageErrors).toEqual([]);
});


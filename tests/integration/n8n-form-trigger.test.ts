import { afterEach, describe, expect, it } from 'vitest';
import { disposeHosts, engineHost } from '../helpers/engine';
import { n8nExport, outputOf } from '../helpers/n8n-export';

/** n8n's Form Trigger imported and served on the local listener: the page, a submission, the run it starts. */

afterEach(disposeHosts);

const FORM = {
  formTitle: 'Contact us',
  formDescription: 'We answer within a day.',
  formFields: {
    values: [
      { fieldLabel: 'Name', requiredField: true },
      { fieldLabel: 'Seats', fieldType: 'number' },
      { fieldLabel: 'Topics', fieldType: 'checkbox', fieldOptions: { values: [{ option: 'Billing' }, { option: 'Bugs' }] } },
      { fieldLabel: 'Plan', fieldType: 'dropdown', fieldOptions: { values: [{ option: 'Free' }, { option: 'Team' }] } },
    ],
  },
  responseMode: 'onReceived',
  options: { respondWithOptions: { values: { formSubmittedText: 'Thanks, we got it.' } } },
};

describe('n8n Form Trigger', () => {
  it('serves the form, refuses a missing required answer, and runs the workflow with the answers by label', async () => {
    const host = await engineHost({}, { webhookPort: 0 });
    const imported = host.engine.workflows.import(
      n8nExport(
        [
          ['On form', 'n8n-nodes-base.formTrigger', 2.2, FORM, { webhookId: 'c0ffee12-3456-4789-abcd-0123456789ab' }],
          ['Shape', 'n8n-nodes-base.set', 3.4, { assignments: { assignments: [{ name: 'who', value: '={{ $json.Name }}', type: 'string' }] }, includeOtherFields: true, options: {} }],
        ],
        [['On form', 'Shape']],
      ),
    );
    expect(imported.unsupported).toEqual([]);
    const endpoint = host.engine.webhookInfo().endpoints.find((found) => found.workflowId === imported.id)!;
    expect(endpoint.url).toMatch(/\/form\/c0ffee12-3456-4789-abcd-0123456789ab$/);

    const page = await fetch(endpoint.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toContain('<h1>Contact us</h1>');
    expect(html).toContain('name="field-0" type="text" required');
    expect(html).toContain('<option>Team</option>');

    const missing = await fetch(endpoint.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'field-1=3' });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('&#34;Name&#34; is required.');
    expect(host.engine.executions.lastRun(imported.id)).toBeUndefined();

    const sent = await fetch(endpoint.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'field-0=Ada&field-1=3&field-2=Billing&field-2=Bugs&field-3=Team' });
    expect(sent.status).toBe(200);
    expect(await sent.text()).toContain('Thanks, we got it.');
    const row = host.engine.executions.lastRun(imported.id);
    await host.engine.waitFor(row!.id);
    const [item] = outputOf(host.engine.detail(row!.id), 'Shape') as Array<Record<string, unknown>>;
    expect(item).toMatchObject({ Name: 'Ada', Seats: 3, Topics: ['Billing', 'Bugs'], Plan: 'Team', formMode: 'production', who: 'Ada' });
    expect(Date.parse(String(item!.submittedAt))).not.toBeNaN();
  });

  it('takes an uploaded file, attached under the question with "_" for spaces, as n8n names it', async () => {
    const host = await engineHost({}, { webhookPort: 0 });
    const imported = host.engine.workflows.import(
      n8nExport(
        [
          ['Upload', 'n8n-nodes-base.formTrigger', 2.2, { formTitle: 'Send a file', formFields: { values: [{ fieldLabel: 'Upload a file', fieldType: 'file', requiredField: true, acceptFileTypes: '.txt' }] }, options: { path: 'upload' } }],
          ['Read it', 'n8n-nodes-base.extractFromFile', 1, { operation: 'text', binaryPropertyName: 'Upload_a_file' }],
        ],
        [['Upload', 'Read it']],
      ),
    );
    expect(imported.unsupported).toEqual([]);
    const url = host.engine.webhookInfo().endpoints.find((found) => found.workflowId === imported.id)!.url;
    const html = await (await fetch(url)).text();
    expect(html).toContain('enctype="multipart/form-data"');
    expect(html).toContain('type="file" multiple accept=".txt" required');

    const empty = new FormData();
    empty.append('field-0', new File([], ''));
    expect((await fetch(url, { method: 'POST', body: empty })).status).toBe(400);

    const form = new FormData();
    form.append('field-0', new File(['hello from a file'], 'note.txt', { type: 'text/plain' }));
    expect((await fetch(url, { method: 'POST', body: form })).status).toBe(200);
    const row = host.engine.executions.lastRun(imported.id)!;
    await host.engine.waitFor(row.id);
    const execution = host.engine.detail(row.id);
    expect(outputOf(execution, 'Upload')[0]).toMatchObject({ 'Upload a file': { filename: 'note.txt', mimetype: 'text/plain', size: 17 } });
    expect(outputOf(execution, 'Read it')).toEqual([{ data: 'hello from a file' }]);
  });

  it('leaves a later form page unmapped, saying to move its fields onto the trigger', async () => {
    const host = await engineHost();
    const imported = host.engine.workflows.import(
      n8nExport(
        [
          ['On form', 'n8n-nodes-base.formTrigger', 2.2, FORM],
          ['Page 2', 'n8n-nodes-base.form', 1, { formFields: { values: [{ fieldLabel: 'More' }] } }],
        ],
        [['On form', 'Page 2']],
      ),
    );
    expect(imported.unsupported).toEqual([{ name: 'Page 2', type: 'n8n-nodes-base.form', remedy: expect.stringMatching(/move its fields onto the Form Trigger/) }]);
  });
});

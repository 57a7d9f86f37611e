import type { JsonObject } from '../node-api';

/** A form trigger's page, as the webhook listener renders it and reads its submissions. */
export interface FormPage {
  title: string;
  description: string;
  fields: Array<{ label: string; type: string; required: boolean; options: string[]; placeholder: string; value: string; multipleFiles: boolean; accept: string }>;
  buttonLabel: string;
  completionTitle: string;
  completionMessage: string;
}

const escape = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

const STYLE = `body{font-family:system-ui,sans-serif;background:#f4f5f7;color:#1d2330;margin:0;padding:40px 16px}
main{max-width:560px;margin:auto;background:#fff;border-radius:10px;padding:28px;box-shadow:0 1px 4px #0002}
h1{font-size:22px;margin:0 0 8px}p.lead{color:#5b6475;margin:0 0 20px}label{display:block;font-weight:600;margin:16px 0 6px}
input,textarea,select{width:100%;box-sizing:border-box;padding:9px;border:1px solid #c8cdd6;border-radius:6px;font:inherit}
.choice{display:flex;gap:8px;align-items:center;font-weight:400;margin:4px 0}.choice input{width:auto}
button{margin-top:22px;width:100%;padding:11px;border:0;border-radius:6px;background:#3b5bdb;color:#fff;font:inherit;font-weight:600;cursor:pointer}
.error{background:#fdecec;color:#a61b1b;padding:10px;border-radius:6px}
@media (prefers-color-scheme:dark){body{background:#14161b;color:#e6e8ee}main{background:#1e2128}input,textarea,select{background:#14161b;color:#e6e8ee;border-color:#3a3f4b}p.lead{color:#9aa3b5}}`;

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escape(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;

function control(field: FormPage['fields'][number], index: number, query: URLSearchParams): string {
  const name = `field-${index}`;
  const required = field.required ? ' required' : '';
  const placeholder = field.placeholder ? ` placeholder="${escape(field.placeholder)}"` : '';
  const label = `<label for="${name}">${escape(field.label)}${field.required ? ' *' : ''}</label>`;
  switch (field.type) {
    case 'hidden':
      return `<input type="hidden" name="${name}" value="${escape(query.get(field.label) ?? field.value)}">`;
    case 'file':
      return `${label}<input id="${name}" name="${name}" type="file"${field.multipleFiles ? ' multiple' : ''}${field.accept ? ` accept="${escape(field.accept)}"` : ''}${required}>`;
    case 'textarea':
      return `${label}<textarea id="${name}" name="${name}" rows="4"${required}${placeholder}></textarea>`;
    case 'dropdown':
      return `${label}<select id="${name}" name="${name}"${required}><option value=""></option>${field.options.map((option) => `<option>${escape(option)}</option>`).join('')}</select>`;
    case 'checkbox':
    case 'radio':
      return `<fieldset style="border:0;padding:0;margin:0"><legend style="font-weight:600;margin:16px 0 6px">${escape(field.label)}${field.required ? ' *' : ''}</legend>${field.options
        .map((option, i) => `<label class="choice"><input type="${field.type}" name="${name}" id="${name}-${i}" value="${escape(option)}"${field.type === 'radio' ? required : ''}>${escape(option)}</label>`)
        .join('')}</fieldset>`;
    default:
      return `${label}<input id="${name}" name="${name}" type="${field.type}"${required}${placeholder}>`;
  }
}

export function renderForm(form: FormPage, query: URLSearchParams, error?: string): string {
  const fields = form.fields.map((field, index) => control(field, index, query)).join('');
  return page(
    form.title,
    `<h1>${escape(form.title)}</h1>${form.description ? `<p class="lead">${escape(form.description)}</p>` : ''}${error ? `<p class="error" role="alert">${escape(error)}</p>` : ''}<form method="post"${form.fields.some((field) => field.type === 'file') ? ' enctype="multipart/form-data"' : ''}>${fields}<button type="submit">${escape(form.buttonLabel)}</button></form>`,
  );
}

export function renderCompletion(form: FormPage): string {
  return page(form.completionTitle, `<h1>${escape(form.completionTitle)}</h1><p class="lead">${escape(form.completionMessage)}</p>`);
}

/** A submitted form's entries: text, or files from a multipart body. */
export interface SubmittedEntries {
  getAll(name: string): Array<string | File>;
}

export interface SubmittedFile {
  label: string;
  fileName: string;
  mimeType: string;
  /** The bytes, base64. */
  data: string;
}

/**
 * A submission's answers by question label, typed as n8n gives them (numbers as numbers,
 * checkboxes as lists) with the uploaded files, or the first problem to show on the form again.
 */
export async function readSubmission(form: FormPage, body: SubmittedEntries): Promise<{ fields: JsonObject; files: SubmittedFile[] } | { error: string }> {
  const fields: JsonObject = {};
  const files: SubmittedFile[] = [];
  for (const [index, field] of form.fields.entries()) {
    const entries = body.getAll(`field-${index}`);
    if (field.type === 'file') {
      const uploads = entries.filter((entry): entry is File => typeof entry !== 'string' && entry.size > 0);
      if (field.required && uploads.length === 0) return { error: `"${field.label}" needs a file.` };
      for (const upload of field.multipleFiles ? uploads : uploads.slice(0, 1)) {
        files.push({ label: field.label, fileName: upload.name, mimeType: upload.type || 'application/octet-stream', data: Buffer.from(await upload.arrayBuffer()).toString('base64') });
      }
      continue;
    }
    const values = entries.filter((value): value is string => typeof value === 'string' && value !== '');
    if (field.required && values.length === 0) return { error: `"${field.label}" is required.` };
    if (field.type === 'checkbox') fields[field.label] = values;
    else if (field.type === 'number') {
      const number = values[0] === undefined ? null : Number(values[0]);
      if (number !== null && Number.isNaN(number)) return { error: `"${field.label}" must be a number.` };
      fields[field.label] = number;
    } else fields[field.label] = values[0] ?? '';
  }
  return { fields, files };
}

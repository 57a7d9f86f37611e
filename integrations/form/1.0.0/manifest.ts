import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';

export const FormField = z.object({
  label: z.string().min(1),
  type: z.enum(['text', 'textarea', 'number', 'email', 'password', 'date', 'dropdown', 'checkbox', 'radio', 'hidden', 'file']).default('text'),
  required: z.boolean().default(false),
  /** With dropdown, checkbox and radio. */
  options: z.array(z.string()).default([]),
  placeholder: z.string().default(''),
  /** With hidden: the value sent (a query parameter of the same name overrides it, as in n8n). */
  value: z.string().default(''),
  /** With file: several files allowed, and which types (`.pdf,.docx`, `image/*`). */
  multipleFiles: z.boolean().default(false),
  accept: z.string().default(''),
});
export type FormField = z.infer<typeof FormField>;

export const FormParameters = z.object({
  /** Under the listener's `/form/`. */
  path: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z0-9_\-/.]+$/, 'Use letters, digits and - _ / . in a form path.'),
  title: z.string().min(1).default('Form'),
  description: z.string().default(''),
  fields: z.array(FormField).min(1),
  buttonLabel: z.string().min(1).default('Submit'),
  /** `immediately`: the thank-you page once the run is queued; `lastNode` / `respondNode`: the workflow answers. */
  respond: z.enum(['immediately', 'lastNode', 'respondNode']).default('immediately'),
  completionTitle: z.string().default('Form submitted'),
  completionMessage: z.string().default('Your response has been recorded.'),
});

export default definePlugin({
  id: 'form',
  name: 'Form',
  version: '1.0.0',
  description: 'Serves a web form on the local listener; each submission starts the workflow with the answers (n8n Form Trigger).',
  category: 'Triggers',
  icon: 'clipboard-list',
  type: 'core',
  auth: [{ type: 'none' }],
  actions: [],
  triggers: [{ id: 'trigger', name: 'Form submitted', description: 'Runs when someone submits the form at /form/<path>; one item, a field per question, uploaded files attached.', parameters: FormParameters }],
});

import { list, obj, str, V, type Mapper, type Params } from './map-helpers';

/** n8n's older schedule nodes, Cron and Interval → Echelon's schedule trigger. */

const at = (hour: unknown, minute: unknown) => `${Number(minute ?? 0)} ${Number(hour ?? 0)}`;

/** One Cron "trigger time" as a cron expression (with seconds), or undefined when unknown. */
function cronOf(time: Params): string | undefined {
  switch (str(time.mode, 'everyDay')) {
    case 'everyMinute':
      return '0 * * * * *';
    case 'everyHour':
      return `0 ${Number(time.minute ?? 0)} * * * *`;
    case 'everyDay':
      return `0 ${at(time.hour, time.minute)} * * *`;
    case 'everyWeek':
      return `0 ${at(time.hour, time.minute)} * * ${Number(time.weekday ?? 1)}`;
    case 'everyMonth':
      return `0 ${at(time.hour, time.minute)} ${Number(time.dayOfMonth ?? 1)} * *`;
    case 'everyX':
      return str(time.unit, 'hours') === 'minutes' ? `0 */${Number(time.value ?? 2)} * * * *` : `0 0 */${Number(time.value ?? 2)} * * *`;
    case 'custom':
      return str(time.cronExpression) || undefined;
    default:
      return undefined;
  }
}

const cron: Mapper = (node, params, ctx) => {
  const times = list(obj(params.triggerTimes).item).map((entry) => obj(entry));
  const first = cronOf(times[0] ?? { mode: 'everyDay' });
  if (!first) return undefined;
  if (times.length > 1) ctx.notes.push(`"${node.name}" had ${times.length} trigger times; Echelon's schedule keeps the first: add a schedule per other time.`);
  return { type: 'schedule.trigger', version: V, parameters: { cron: first }, outputs: ['main'] };
};

const interval: Mapper = (_node, params) => {
  const unit = str(params.unit, 'seconds');
  return { type: 'schedule.trigger', version: V, parameters: { every: Math.max(1, Number(params.interval ?? 1)), unit: ['seconds', 'minutes', 'hours'].includes(unit) ? unit : 'seconds' }, outputs: ['main'] };
};

const FIELD_TYPES = new Set(['text', 'textarea', 'number', 'email', 'password', 'date', 'dropdown', 'checkbox', 'radio', 'file']);

/** Form Trigger (v1–2): its page under /form/<path>; the path is the node's webhook id unless one is set. */
const formTrigger: Mapper = (node, params, ctx) => {
  const options = obj(params.options);
  const fields: Params[] = [];
  for (const entry of list(obj(params.formFields).values)) {
    const field = obj(entry);
    let type = str(field.fieldType, 'text');
    if (type === 'hiddenField') type = 'hidden';
    if (type === 'dropdown' && field.multiselect === true) type = 'checkbox';
    if (type !== 'hidden' && !FIELD_TYPES.has(type)) {
      ctx.notes.push(`"${node.name}" asks for a ${type} field ("${str(field.fieldLabel)}"), which Echelon's form does not offer (text, numbers, dates, choices, files): change that field, then import again.`);
      return undefined;
    }
    fields.push({
      label: str(field.fieldLabel ?? field.fieldName, `Field ${fields.length + 1}`),
      type,
      required: field.requiredField === true,
      options: list(obj(field.fieldOptions).values).map((option) => str(obj(option).option)).filter(Boolean),
      placeholder: str(field.placeholder),
      value: str(field.fieldValue),
      multipleFiles: field.multipleFiles !== false,
      accept: str(field.acceptFileTypes),
    });
  }
  const webhookId = (node as { webhookId?: unknown }).webhookId;
  const path = (str(options.path ?? params.path) || (typeof webhookId === 'string' ? webhookId : '') || node.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')).replace(/^\/+/, '');
  const completion = obj(obj(options.respondWithOptions).values);
  const mode = str(params.responseMode, 'onReceived');
  return {
    type: 'form.trigger',
    version: V,
    parameters: {
      path,
      title: str(params.formTitle, 'Form') || 'Form',
      description: str(params.formDescription),
      fields,
      buttonLabel: str(options.buttonLabel, 'Submit') || 'Submit',
      respond: mode === 'lastNode' ? 'lastNode' : mode === 'responseNode' ? 'respondNode' : 'immediately',
      completionTitle: str(completion.formSubmittedHeader ?? options.formSubmittedHeader, 'Form submitted') || 'Form submitted',
      completionMessage: str(completion.formSubmittedText ?? params.formSubmittedText, 'Your response has been recorded.') || 'Your response has been recorded.',
    },
    outputs: ['main'],
  };
};

/** n8n's Form node (a later page of a multi-page form, or its ending) waits inside the run, which Echelon's form does not. */
const formPage: Mapper = (node, _params, ctx) => {
  ctx.notes.push(`"${node.name}" is a later page (or the ending) of an n8n multi-page form: Echelon's form has one page, so move its fields onto the Form Trigger, and answer with a Respond to Webhook node.`);
  return undefined;
};

export const TRIGGER_MAPPERS: Record<string, Mapper> = {
  'n8n-nodes-base.cron': cron,
  'n8n-nodes-base.interval': interval,
  'n8n-nodes-base.formTrigger': formTrigger,
  'n8n-nodes-base.form': formPage,
};

import type { CredentialRef, JsonValue } from '../../../../../shared/workflow/document';
import type { N8nNode } from './import-n8n';
import { LANGCHAIN_MAPPERS } from './map-langchain';
import { ITEM_MAPPERS } from './map-item-nodes';
import { TRIGGER_MAPPERS } from './map-trigger-nodes';
import { list, obj, str, V, version, type MapContext, type MappedNode, type Mapper, type Params } from './map-helpers';
import { SSH_MAPPERS } from './map-ssh';
import { SERVICE_MAPPERS } from './map-service-nodes';
import { DATA_MAPPERS } from './map-data-nodes';
import { FILE_MAPPERS } from './map-file-nodes';
import { CORE_MAPPERS } from './map-core-nodes';
import { RAG_MAPPERS } from './map-rag';

export type { MappedNode } from './map-helpers';

/** A resource locator (`{ __rl: true, value, mode }`) or a plain value. */
function locatorValue(value: JsonValue | undefined): string {
  const locator = obj(value);
  if ('__rl' in locator || 'value' in locator) return str(locator.value);
  return str(value);
}

function nameValuePairs(value: JsonValue | undefined): Params[] {
  return list(obj(value).parameters).map((pair) => ({ name: str(obj(pair).name), value: obj(pair).value ?? '' }));
}

/** The vault record an n8n credential should live in: its name, in capitals. */
function credentialSlot(node: N8nNode, ctx: MapContext): Record<string, CredentialRef> | undefined {
  const entry = Object.values(node.credentials ?? {})[0];
  if (!entry) return undefined;
  const secret = (entry.name ?? 'CREDENTIAL').toUpperCase().replace(/[^A-Z0-9_]+/g, '_').replace(/^([^A-Z_])/, '_$1').slice(0, 64) || 'CREDENTIAL';
  ctx.notes.push(`"${node.name}" used the n8n credential "${entry.name ?? entry.id}": store it in the vault as ${secret}.`);
  return { auth: { secret } };
}

const manualTrigger: Mapper = () => ({ type: 'manual.trigger', version: V, parameters: {}, outputs: ['main'] });

const scheduleTrigger: Mapper = (node, params, ctx) => {
  const rule = obj(list(obj(params.rule).interval)[0]);
  const field = str(rule.field, 'days');
  const at = (hour: JsonValue | undefined, minute: JsonValue | undefined) => `${Number(minute ?? 0)} ${Number(hour ?? 0)}`;
  let parameters: Params;
  switch (field) {
    case 'cronExpression':
      parameters = { cron: str(rule.expression) };
      break;
    case 'seconds':
      parameters = { every: Number(rule.secondsInterval ?? 30), unit: 'seconds' };
      break;
    case 'minutes':
      parameters = { every: Number(rule.minutesInterval ?? 5), unit: 'minutes' };
      break;
    case 'hours':
      parameters = { cron: `0 ${Number(rule.triggerAtMinute ?? 0)} */${Number(rule.hoursInterval ?? 1)} * * *` };
      break;
    case 'days':
      parameters = { cron: `0 ${at(rule.triggerAtHour, rule.triggerAtMinute)} */${Number(rule.daysInterval ?? 1)} * *` };
      break;
    case 'weeks': {
      const days = list(rule.triggerAtDay).map(Number);
      parameters = { cron: `0 ${at(rule.triggerAtHour, rule.triggerAtMinute)} * * ${days.length > 0 ? days.join(',') : '0'}` };
      if (Number(rule.weeksInterval ?? 1) > 1) ctx.notes.push(`"${node.name}" ran every ${str(rule.weeksInterval)} weeks; Echelon runs it every week on those days.`);
      break;
    }
    case 'months':
      parameters = { cron: `0 ${at(rule.triggerAtHour, rule.triggerAtMinute)} ${Number(rule.triggerAtDayOfMonth ?? 1)} */${Number(rule.monthsInterval ?? 1)} *` };
      break;
    default:
      return undefined;
  }
  return { type: 'schedule.trigger', version: V, parameters, outputs: ['main'] };
};

const webhook: Mapper = (_node, params) => ({
  type: 'webhook.trigger',
  version: V,
  parameters: {
    path: str(params.path, 'webhook').replace(/^\/+/, '') || 'webhook',
    method: str(params.httpMethod, 'GET').toUpperCase(),
    respond: { onReceived: 'immediately', lastNode: 'lastNode', responseNode: 'respondNode' }[str(params.responseMode, 'onReceived')] ?? 'immediately',
    responseCode: Number(obj(params.options).responseCode ?? 200),
    responseData: ['firstEntryJson', 'allEntries', 'noData'].includes(str(params.responseData)) ? str(params.responseData) : 'firstEntryJson',
  },
  outputs: ['main'],
});

const respondToWebhook: Mapper = (node, params) => {
  const respondWith = str(params.respondWith, version(node) >= 1.1 ? 'firstIncomingItem' : 'allIncomingItems');
  if (!['allIncomingItems', 'firstIncomingItem', 'json', 'text', 'noData', 'binary', 'redirect'].includes(respondWith)) return undefined;
  const options = obj(params.options);
  const headers = list(obj(options.responseHeaders).entries).map((entry) => ({ name: str(obj(entry).name), value: str(obj(entry).value) }));
  const parameters: Params = { respondWith, responseCode: Number(options.responseCode ?? 200), responseHeaders: headers };
  if (respondWith === 'json' || respondWith === 'text') parameters.responseBody = params.responseBody ?? '';
  if (respondWith === 'binary' && str(params.responseDataSource, 'automatically') === 'set') parameters.inputFieldName = str(params.inputFieldName, 'data');
  if (respondWith === 'redirect') parameters.redirectURL = str(params.redirectURL);
  return { type: 'webhook.respond', version: V, parameters, outputs: ['main'] };
};

const SET_TYPES: Record<string, string> = { stringValue: 'string', numberValue: 'number', booleanValue: 'boolean', arrayValue: 'array', objectValue: 'object' };

const set: Mapper = (node, params) => {
  const v = version(node);
  const options = obj(params.options);
  const base = { dotNotation: options.dotNotation !== false, ignoreConversionErrors: options.ignoreConversionErrors === true };
  if (v < 3) {
    const values = obj(params.values);
    const fields: Params[] = [];
    for (const [kind, type] of [['string', 'string'], ['number', 'number'], ['boolean', 'boolean']] as const) {
      for (const entry of list(values[kind])) fields.push({ name: str(obj(entry).name), value: obj(entry).value ?? null, type });
    }
    return { type: 'transform.edit', version: V, parameters: { ...base, fields, include: params.keepOnlySet === true ? 'none' : 'all' }, outputs: ['main'] };
  }
  let include = 'none';
  const includeMode = str(params.include, 'all');
  if (v >= 3.3 ? params.includeOtherFields === true : includeMode !== 'none') include = { all: 'all', selected: 'selected', except: 'except', none: 'none' }[includeMode] ?? 'all';
  const includeFields = str(include === 'except' ? params.excludeFields : params.includeFields)
    .split(',')
    .map((field) => field.trim())
    .filter(Boolean);
  if (str(params.mode, 'manual') === 'raw') {
    return { type: 'transform.edit', version: V, parameters: { ...base, mode: 'json', json: params.jsonOutput ?? '{}', include, includeFields }, outputs: ['main'] };
  }
  const fields =
    v >= 3.3
      ? list(obj(params.assignments).assignments).map((entry) => ({ name: str(obj(entry).name), value: obj(entry).value ?? null, type: str(obj(entry).type, 'string') }))
      : list(obj(params.fields).values).map((entry) => {
          const type = SET_TYPES[str(obj(entry).type, 'stringValue')] ?? 'string';
          return { name: str(obj(entry).name), value: obj(entry)[`${type}Value`] ?? null, type };
        });
  return { type: 'transform.edit', version: V, parameters: { ...base, fields, include, includeFields }, outputs: ['main'] };
};

const V1_OPERATIONS: Record<string, Record<string, string>> = {
  string: { equal: 'equals', notEqual: 'notEquals', contains: 'contains', notContains: 'notContains', startsWith: 'startsWith', notStartsWith: 'notStartsWith', endsWith: 'endsWith', notEndsWith: 'notEndsWith', regex: 'regex', notRegex: 'notRegex', isEmpty: 'empty', isNotEmpty: 'notEmpty' },
  number: { equal: 'equals', notEqual: 'notEquals', smaller: 'lt', smallerEqual: 'lte', larger: 'gt', largerEqual: 'gte', isEmpty: 'empty', isNotEmpty: 'notEmpty' },
  boolean: { equal: 'equals', notEqual: 'notEquals' },
  dateTime: { after: 'after', before: 'before' },
};

/** If v1 / Switch v1–2 comparisons in the condition format of If v2. */
function v1Conditions(conditions: Params, combine: string): Params {
  const converted: Params[] = [];
  for (const [type, operations] of Object.entries(V1_OPERATIONS)) {
    for (const entry of list(conditions[type])) {
      const condition = obj(entry);
      const operation = operations[str(condition.operation, 'equal')] ?? 'equals';
      converted.push({ leftValue: condition.value1 ?? '', rightValue: condition.value2 ?? '', operator: { type, operation } });
    }
  }
  return { options: { caseSensitive: true, typeValidation: 'loose' }, conditions: converted, combinator: combine === 'any' ? 'or' : 'and' };
}

function conditionsValue(value: JsonValue | undefined): Params {
  const conditions = obj(value);
  const options = obj(conditions.options);
  return {
    options: { caseSensitive: options.caseSensitive !== false, typeValidation: str(options.typeValidation, 'strict') === 'loose' ? 'loose' : 'strict' },
    conditions: list(conditions.conditions).map((entry) => {
      const condition = obj(entry);
      return { leftValue: condition.leftValue ?? '', rightValue: condition.rightValue ?? '', operator: obj(condition.operator) };
    }),
    combinator: str(conditions.combinator, 'and') === 'or' ? 'or' : 'and',
  };
}

const ifNode: Mapper = (node, params) => {
  const conditions = version(node) < 2 ? v1Conditions(obj(params.conditions), str(params.combineOperation, 'all')) : conditionsValue(params.conditions);
  const loose = obj(params.options).looseTypeValidation === true || params.looseTypeValidation === true;
  return { type: 'if.check', version: V, parameters: { conditions, looseTypeValidation: loose }, outputs: ['true', 'false'] };
};

function expressionSwitch(output: JsonValue | undefined, count: number): MappedNode {
  const parameters: Params = { mode: 'expression', output: output ?? 0, numberOutputs: count };
  return { type: 'switch.route', version: V, parameters, outputs: Array.from({ length: count }, (_, i) => String(i)) };
}

const switchNode: Mapper = (node, params) => {
  const options = obj(params.options);
  const fallback = options.fallbackOutput ?? 'none';
  if (version(node) < 3) {
    const type = str(params.dataType, 'number');
    const operations = V1_OPERATIONS[type] ?? V1_OPERATIONS.number!;
    if (str(params.mode, 'rules') === 'expression') return expressionSwitch(params.output, Number(params.outputsAmount ?? 4));
    // Old switches name their output per rule; each rule becomes a rule on that output number.
    const rules = list(obj(params.rules).rules);
    const outputCount = Math.max(0, ...rules.map((rule) => Number(obj(rule).output ?? 0) + 1));
    const converted: Params[] = Array.from({ length: outputCount }, () => ({ conditions: { options: { caseSensitive: true, typeValidation: 'loose' }, conditions: [], combinator: 'or' } }));
    for (const entry of rules) {
      const rule = obj(entry);
      const target = obj(converted[Number(rule.output ?? 0)]!.conditions);
      (target.conditions as JsonValue[]).push({ leftValue: params.value1 ?? '', rightValue: rule.value2 ?? '', operator: { type, operation: operations[str(rule.operation, 'equal')] ?? 'equals' } });
    }
    const fallbackNumber = Number(params.fallbackOutput ?? -1);
    return {
      type: 'switch.route',
      version: V,
      parameters: { mode: 'rules', rules: converted, fallbackOutput: fallbackNumber >= 0 ? fallbackNumber : 'none', looseTypeValidation: true },
      outputs: Array.from({ length: outputCount }, (_, i) => String(i)),
    };
  }
  if (str(params.mode, 'rules') === 'expression') return expressionSwitch(params.output, Number(params.numberOutputs ?? 4));
  const rules = list(obj(params.rules).values).map((entry) => {
    const rule = obj(entry);
    const mapped: Params = { conditions: conditionsValue(rule.conditions) };
    if (rule.renameOutput === true && typeof rule.outputKey === 'string') mapped.outputKey = rule.outputKey;
    if (options.ignoreCase === true) obj(mapped.conditions).options = { ...obj(obj(mapped.conditions).options), caseSensitive: false };
    return mapped;
  });
  const outputs = rules.map((_, i) => String(i));
  if (fallback === 'extra') outputs.push('fallback');
  return {
    type: 'switch.route',
    version: V,
    parameters: {
      mode: 'rules',
      rules,
      fallbackOutput: fallback === 'extra' || fallback === 'none' ? fallback : Number(fallback),
      allMatchingOutputs: options.allMatchingOutputs === true,
      looseTypeValidation: options.looseTypeValidation === true || params.looseTypeValidation === true,
    },
    outputs,
  };
};

const merge: Mapper = (node, params, ctx) => {
  const v = version(node);
  const options = obj(params.options);
  const clash = str(obj(obj(options.clashHandling).values).resolveClash, str(options.clashHandling, 'preferLast'));
  if (clash === 'addSuffix') ctx.notes.push(`"${node.name}" added suffixes on clashing fields; Echelon lets input 2 win instead.`);
  const base: Params = {
    clashHandling: clash === 'preferInput1' ? 'preferInput1' : 'preferInput2',
    multipleMatches: str(options.multipleMatches, 'all') === 'first' ? 'first' : 'all',
    includeUnpaired: options.includeUnpaired === true,
  };
  const mode = str(params.mode, 'append');
  let parameters: Params | undefined;
  const fieldPairs = (): Params[] => {
    if (v >= 3 && params.advanced !== true) {
      return str(params.fieldsToMatchString)
        .split(',')
        .map((field) => field.trim())
        .filter(Boolean)
        .map((field) => ({ field1: field, field2: field }));
    }
    return list(obj(params.mergeByFields).values).map((pair) => ({ field1: str(obj(pair).field1), field2: str(obj(pair).field2) }));
  };
  if (v < 2) {
    switch (mode) {
      case 'append':
        parameters = { ...base, mode: 'append' };
        break;
      case 'mergeByIndex':
        parameters = { ...base, mode: 'combineByPosition', includeUnpaired: str(params.join, 'inner') !== 'inner' };
        break;
      case 'mergeByKey':
        parameters = { ...base, mode: 'combineByFields', fields: [{ field1: str(params.propertyName1), field2: str(params.propertyName2) }], joinMode: 'enrichInput1' };
        break;
      case 'multiplex':
        parameters = { ...base, mode: 'combineAll' };
        break;
      case 'passThrough':
        parameters = { ...base, mode: 'chooseBranch', useDataOfInput: str(params.output, 'input1') === 'input2' ? 2 : 1 };
        break;
      case 'wait':
        parameters = { ...base, mode: 'chooseBranch', useDataOfInput: 1 };
        break;
      default:
        return undefined;
    }
  } else if (mode === 'append') parameters = { ...base, mode: 'append' };
  else if (mode === 'chooseBranch') {
    if (str(params.output, 'specifiedInput') === 'empty' || str(params.output) === 'empty') return undefined;
    parameters = { ...base, mode: 'chooseBranch', useDataOfInput: Math.max(1, Number(params.useDataOfInput ?? (str(params.output, 'input1') === 'input2' ? 2 : 1)) || 1) };
  } else if (mode === 'combine') {
    const by = str(v >= 3 ? params.combineBy : params.combinationMode, v >= 3 ? 'combineByFields' : 'mergeByFields');
    if (by === 'combineByFields' || by === 'mergeByFields') {
      parameters = { ...base, mode: 'combineByFields', fields: fieldPairs(), joinMode: str(params.joinMode, 'keepMatches'), outputDataFrom: str(params.outputDataFrom, 'both') };
    } else if (by === 'combineByPosition' || by === 'mergeByPosition') parameters = { ...base, mode: 'combineByPosition' };
    else if (by === 'combineAll' || by === 'multiplex') parameters = { ...base, mode: 'combineAll' };
  }
  if (!parameters) return undefined;
  const inputs = Math.max(2, Math.min(10, Number(params.numberInputs ?? 2)));
  if (inputs > 2) {
    if (!['append', 'combineByPosition', 'chooseBranch'].includes(str(parameters.mode))) {
      ctx.notes.push(`"${node.name}" combines ${inputs} inputs by fields or in every combination, which Echelon's Merge does for two inputs only: chain Merge nodes two inputs at a time.`);
      return undefined;
    }
    parameters.numberInputs = inputs;
  }
  return { type: 'merge.combine', version: V, parameters, outputs: ['main'], inputs: Array.from({ length: inputs }, (_, i) => `input${i + 1}`) };
};

const code: Mapper = (node, params, ctx) => {
  if (str(params.language, 'javaScript') !== 'javaScript' && str(params.language) !== 'javascript') {
    ctx.notes.push(`"${node.name}" is ${str(params.language).startsWith('python') ? 'Python' : str(params.language)} code, which Echelon does not run (its Code steps run JavaScript in a sandbox): rewrite it in JavaScript in a Code step, or replace the node.`);
    return undefined;
  }
  return { type: 'code.run', version: V, parameters: { mode: str(params.mode, 'runOnceForAllItems'), code: str(params.jsCode, 'return $input.all();') }, outputs: ['main'] };
};

/** The legacy Function node: `items` in, items out. */
const functionNode: Mapper = (_node, params) => ({ type: 'code.run', version: V, parameters: { mode: 'runOnceForAllItems', code: str(params.functionCode, 'return items;'), legacy: true }, outputs: ['main'] });

/** The legacy Function Item node: `item` is each item's JSON, and the JSON comes back. */
const functionItemNode: Mapper = (_node, params) => ({ type: 'code.run', version: V, parameters: { mode: 'runOnceForEachItem', code: str(params.functionCode, 'return item;'), legacy: true }, outputs: ['main'] });

const httpRequest: Mapper = (node, params, ctx) => {
  const v = version(node);
  if (v < 3) {
    ctx.notes.push(`"${node.name}" is an HTTP Request node version ${v}; check its body and headers after import.`);
  }
  const options = obj(params.options);
  const response = obj(obj(options.response).response);
  const parameters: Params = {
    method: str(v < 3 ? params.requestMethod : params.method, 'GET').toUpperCase(),
    url: str(params.url),
    fullResponse: response.fullResponse === true || options.fullResponse === true,
    ignoreHttpErrors: response.neverError === true,
  };
  const format = str(response.responseFormat ?? params.responseFormat, 'autodetect');
  parameters.responseFormat = { autodetect: 'auto', json: 'json', text: 'text', string: 'text', file: 'binary' }[format] ?? 'auto';
  if (typeof options.timeout === 'number') parameters.timeoutMs = options.timeout;
  if (params.sendQuery === true) {
    if (str(params.specifyQuery, 'keypair') === 'json') ctx.notes.push(`"${node.name}" sends its query as JSON; move the fields into "query".`);
    parameters.query = nameValuePairs(params.queryParameters);
  }
  if (params.sendHeaders === true) parameters.headers = nameValuePairs(params.headerParameters);
  if (params.sendBody === true) {
    const contentType = str(params.contentType, 'json');
    if (contentType === 'json') {
      parameters.bodyType = 'json';
      if (str(params.specifyBody, 'keypair') === 'json') parameters.jsonBody = params.jsonBody ?? '{}';
      else parameters.jsonBody = Object.fromEntries(nameValuePairs(params.bodyParameters).map((pair) => [str(pair.name), pair.value!])) as Params;
    } else if (contentType === 'form-urlencoded') {
      parameters.bodyType = 'form';
      parameters.formBody = nameValuePairs(params.bodyParameters);
    } else if (contentType === 'raw') {
      parameters.bodyType = 'text';
      parameters.textBody = str(params.body);
      parameters.headers = [...list(parameters.headers), { name: 'content-type', value: str(params.rawContentType, 'text/plain') }];
    } else if (contentType === 'multipart-form-data') {
      parameters.bodyType = 'multipart';
      parameters.multipartBody = list(obj(params.bodyParameters).parameters).map((entry): Params => {
        const field = obj(entry);
        return str(field.parameterType) === 'formBinaryData' ? { name: str(field.name), binaryProperty: str(field.inputDataFieldName, 'data') } : { name: str(field.name), value: field.value ?? '' };
      });
    } else if (contentType === 'binaryData') {
      parameters.bodyType = 'binary';
      parameters.binaryProperty = str(params.inputDataFieldName, 'data');
    } else {
      ctx.notes.push(`"${node.name}" sends a ${contentType} body, which Echelon's HTTP node does not build.`);
      return undefined;
    }
  }
  const credentials = credentialSlot(node, ctx);
  if (credentials) {
    const kind = str(params.genericAuthType ?? params.authentication);
    parameters.authentication = /basic/i.test(kind) ? 'basic' : /header/i.test(kind) ? 'header' : 'bearer';
    if (parameters.authentication === 'header') ctx.notes.push(`"${node.name}" sends its secret in a header: set "headerName" to the header n8n used.`);
  }
  return { type: 'http-request.send', version: V, parameters, outputs: ['main'], credentials };
};

const wait: Mapper = (node, params, ctx) => {
  const resume = str(params.resume, 'timeInterval');
  if (resume === 'timeInterval') {
    // n8n's defaults changed with version 1.1: 1 hour before, 5 seconds since.
    const since11 = version(node) >= 1.1;
    const unit = str(params.unit, since11 ? 'seconds' : 'hours');
    const parameters: Params = { mode: 'interval', amount: Number(params.amount ?? (since11 ? 5 : 1)), unit: ['seconds', 'minutes', 'hours', 'days'].includes(unit) ? unit : 'seconds' };
    return { type: 'delay.wait', version: V, parameters, outputs: ['main'] };
  }
  if (resume === 'specificTime') {
    const parameters: Params = { mode: 'until', until: str(params.dateTime) };
    return { type: 'delay.wait', version: V, parameters, outputs: ['main'] };
  }
  ctx.notes.push(`"${node.name}" waits for a ${resume}; Echelon's delay waits for a time only.`);
  return undefined;
};

const noOp: Mapper = () => ({ type: 'no-op.pass', version: V, parameters: {}, outputs: ['main'] });

const executeWorkflow: Mapper = (node, params, ctx) => {
  const source = str(params.source, 'database');
  if (source !== 'database') {
    ctx.notes.push(`"${node.name}" runs a workflow from ${source}; Echelon runs saved workflows only.`);
    return undefined;
  }
  const reference = locatorValue(params.workflowId);
  const local = reference.includes('{{') ? reference : ctx.resolveWorkflow(reference);
  if (!local) ctx.notes.push(`"${node.name}" runs n8n workflow ${reference}, which is not imported yet: import it, or point the node at its Echelon id.`);
  return { type: 'sub-workflow.execute', version: V, parameters: { workflowId: local ?? reference, mode: str(params.mode, 'once') === 'each' ? 'each' : 'once' }, outputs: ['main'] };
};

const splitInBatches: Mapper = (node, params) => {
  // v1–2: one output, each run the next batch; the workflow ends the loop on the node's context.
  if (version(node) < 3) return { type: 'loop.batches', version: V, parameters: { batchSize: Number(params.batchSize ?? 10), reset: obj(params.options).reset === true, legacy: true }, outputs: ['loop'] };
  return { type: 'loop.batches', version: V, parameters: { batchSize: Number(params.batchSize ?? 1), reset: obj(params.options).reset === true, legacy: false }, outputs: ['done', 'loop'] };
};

/** Filter: If's conditions, items that fail them dropped (v1 combines with AND/OR). */
const filter: Mapper = (node, params) => {
  const conditions = version(node) < 2 ? v1Conditions(obj(params.conditions), str(params.combineConditions, 'AND') === 'OR' ? 'any' : 'all') : conditionsValue(params.conditions);
  const loose = obj(params.options).looseTypeValidation === true || params.looseTypeValidation === true;
  return { type: 'items.filter', version: V, parameters: { conditions, looseTypeValidation: loose }, outputs: ['main', 'discarded'] };
};

const errorTrigger: Mapper = () => ({ type: 'error-trigger.trigger', version: V, parameters: {}, outputs: ['main'] });

const MAPPERS: Record<string, Mapper> = {
  'n8n-nodes-base.manualTrigger': manualTrigger,
  'n8n-nodes-base.executeWorkflowTrigger': manualTrigger,
  'n8n-nodes-base.start': manualTrigger,
  'n8n-nodes-base.scheduleTrigger': scheduleTrigger,
  'n8n-nodes-base.webhook': webhook,
  'n8n-nodes-base.respondToWebhook': respondToWebhook,
  'n8n-nodes-base.set': set,
  'n8n-nodes-base.if': ifNode,
  'n8n-nodes-base.switch': switchNode,
  'n8n-nodes-base.merge': merge,
  'n8n-nodes-base.code': code,
  'n8n-nodes-base.function': functionNode,
  'n8n-nodes-base.functionItem': functionItemNode,
  'n8n-nodes-base.httpRequest': httpRequest,
  'n8n-nodes-base.wait': wait,
  'n8n-nodes-base.noOp': noOp,
  'n8n-nodes-base.executeWorkflow': executeWorkflow,
  'n8n-nodes-base.splitInBatches': splitInBatches,
  'n8n-nodes-base.errorTrigger': errorTrigger,
  'n8n-nodes-base.filter': filter,
  ...ITEM_MAPPERS,
  ...TRIGGER_MAPPERS,
  ...LANGCHAIN_MAPPERS,
  ...SSH_MAPPERS,
  ...DATA_MAPPERS,
  ...FILE_MAPPERS,
  ...CORE_MAPPERS,
  ...RAG_MAPPERS,
};

/** Whether Echelon maps this n8n node type at all (some of its settings may still have no equivalent). */
export const mapsType = (type: string) => {
  const full = type.includes('.') ? type : `n8n-nodes-base.${type}`;
  return full in MAPPERS || full in SERVICE_MAPPERS;
};

/** The Echelon node for an n8n node, or undefined when there is none. */
export function mapN8nNode(node: N8nNode, parameters: Params, ctx: MapContext): MappedNode | undefined {
  // Exports from n8n's first versions name core nodes without their package ("httpRequest").
  const type = node.type.includes('.') ? node.type : `n8n-nodes-base.${node.type}`;
  const mapper = MAPPERS[type] ?? SERVICE_MAPPERS[type];
  return mapper?.(node, parameters, ctx);
}

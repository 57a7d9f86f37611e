import type { JsonValue } from '../../../../../../shared/workflow/document';
import { type Mapper, type Params, action, locator, obj, str, version } from './common';

/** n8n's Slack node (v1 and v2) as the slack integration. */

/** JSON written as text in an n8n field, parsed; undefined when it is an expression or not JSON. */
function jsonText(value: JsonValue): JsonValue | undefined {
  if (typeof value !== 'string') return value;
  if (value.includes('{{')) return undefined;
  try {
    return JSON.parse(value) as JsonValue;
  } catch {
    return undefined;
  }
}

/** The channel or person a Slack node posts to: an ID, a #name, or a user (a DM). */
function slackTarget(params: Params): string {
  if (str(params.select, 'channel') === 'user') {
    const user = locator(params.user);
    return user.mode === 'username' && !user.value.startsWith('@') && !user.value.includes('{{') ? `@${user.value}` : user.value;
  }
  return locator(params.channelId ?? params.channel).value;
}

export const slack: Mapper = (node, params, ctx) => {
  const resource = str(params.resource, 'message');
  const v1 = version(node) < 2;
  const operation = str(params.operation, 'post');
  const sl = (actionId: string, parameters: Params) => action(node, ctx, 'slack', 'Slack', actionId, parameters);
  const options = obj(params.otherOptions);
  if (resource === 'message') {
    if (operation === 'post' || operation === 'send') {
      const parameters: Params = { channel: slackTarget(params), text: str(params.text) };
      if (str(params.messageType) === 'block' && params.blocksUi !== undefined) {
        const blocks = jsonText(params.blocksUi);
        if (blocks === undefined) ctx.notes.push(`"${node.name}" builds its blocks with an expression: check that it gives a list of blocks.`);
        else parameters.blocks = Array.isArray(blocks) ? blocks : (obj(blocks).blocks ?? []);
        if (!parameters.text) parameters.text = ' ';
      }
      const thread = obj(obj(options.thread_ts).replyValues).thread_ts ?? (v1 ? options.thread_ts : undefined);
      if (thread !== undefined && str(thread)) parameters.threadTs = str(thread);
      if (!v1 && version(node) >= 2.1 && options.includeLinkToWorkflow !== false) ctx.notes.push(`"${node.name}": Echelon does not append n8n's link to the workflow.`);
      return sl('postMessage', parameters);
    }
    if (operation === 'update') return sl('updateMessage', { channel: slackTarget(params), ts: str(params.ts), text: str(params.text) });
    if (operation === 'delete') return sl('deleteMessage', { channel: slackTarget(params), ts: str(params.timestamp ?? params.ts) });
    return undefined;
  }
  if (resource === 'reaction' && operation === 'add') return sl('addReaction', { channel: slackTarget(params), ts: str(params.timestamp), name: str(params.name) });
  if (resource === 'channel' && operation === 'history') {
    const parameters: Params = { channel: slackTarget(params) };
    if (params.returnAll !== true) parameters.limit = Number(params.limit ?? 100);
    return sl('getHistory', parameters);
  }
  if (resource === 'channel' && operation === 'getAll') return sl('listChannels', {});
  if (resource === 'user' && operation === 'info') return sl('getUser', { user: locator(params.user).value });
  return undefined;
};

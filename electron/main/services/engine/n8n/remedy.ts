/**
 * What would make an unmapped n8n node run, in one sentence for the import report and the
 * canvas: the mapper's own reason when it gave one, otherwise what kind of node it is and
 * what to use instead (an integration to connect, an AI node, an HTTP request).
 */

import { coreRemedy } from './core-remedies';

/** "n8n-nodes-base.googleDriveTrigger" → { service: "Google Drive", kind: "trigger" }. */
function describe(type: string): { service: string; local: string; kind: 'trigger' | 'tool' | 'node' } {
  const local = type.split('.').pop() ?? type;
  const kind = /Trigger$/.test(local) ? 'trigger' : /Tool$/.test(local) ? 'tool' : 'node';
  const base = local.replace(/(Trigger|Tool)$/, '');
  const words = base.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[-_]+/g, ' ').trim();
  return { service: words.charAt(0).toUpperCase() + words.slice(1), local: base, kind };
}

/** Plugin ids an n8n service may have in Echelon: google-drive, googledrive. */
export function pluginIdsFor(type: string): string[] {
  const { local } = describe(type);
  const kebab = local.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
  return [...new Set([kebab, local.toLowerCase()])];
}

export function remedyFor(type: string, reason: string | undefined, integration: string | undefined, mapped: { known: boolean; setting?: string }): string {
  if (reason) return reason;
  const { service, kind } = describe(type);
  if (mapped.known) return `Echelon's ${service} node does not cover this one's settings${mapped.setting ? ` (${mapped.setting})` : ''} yet: change them to one it covers, or replace the node with a Code step.`;
  const core = coreRemedy(type);
  if (core) return core;
  if (type.startsWith('@n8n/n8n-nodes-langchain.')) {
    return `An n8n AI (LangChain) node: rebuild this part with Echelon's AI agent and chat model nodes (Agents page), or call the model's API with an HTTP request node.`;
  }
  if (integration) {
    if (kind === 'trigger') return `Connect the ${integration} integration (Integrations page) and start the workflow with its trigger in place of this node.`;
    return `Connect the ${integration} integration (Integrations page) and replace this node with its ${integration} action.`;
  }
  if (kind === 'trigger') return `Echelon has no ${service} integration yet: start the workflow with a webhook (point ${service} at its URL) or a schedule trigger, then replace this node.`;
  if (kind === 'tool') return `An AI agent tool for ${service}, which Echelon has no integration for yet: give the agent an MCP server or a workflow tool that does the same.`;
  return `Echelon has no ${service} integration yet: call the ${service} API with an HTTP request node (its key in the vault as the credential), or replace this node.`;
}

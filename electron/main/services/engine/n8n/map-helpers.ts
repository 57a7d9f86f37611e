import type { CredentialRef, JsonValue } from '../../../../../shared/workflow/document';
import type { N8nNode } from './import-n8n';

/** What one n8n node becomes. */
export interface MappedNode {
  type: string;
  version: string;
  parameters: Record<string, JsonValue>;
  /** Output names in n8n's output-index order. */
  outputs: string[];
  /** Input names in n8n's input-index order (default: main). */
  inputs?: string[];
  credentials?: Record<string, CredentialRef>;
  /** Folded into the node it feeds (an n8n AI sub-node): no node of its own. */
  absorbed?: boolean;
}

export interface MapContext {
  resolveWorkflow(n8nId: string): string | undefined;
  notes: string[];
  /** Sub-nodes feeding this node (or the one named) through n8n's AI connections (`ai_languageModel`, `ai_tool`…), with their parameters. */
  attached(kind: string, name?: string): { node: N8nNode; parameters: Params }[];
  /** The nodes this node (or the one named) feeds through AI connections. */
  feeds(name?: string): N8nNode[];
}

export type Params = Record<string, JsonValue>;
export type Mapper = (node: N8nNode, params: Params, ctx: MapContext) => MappedNode | undefined;

export const V = '1.0.0';
export const obj = (value: JsonValue | undefined): Params => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Params) : {});
export const list = (value: JsonValue | undefined): JsonValue[] => (Array.isArray(value) ? value : []);
export const str = (value: JsonValue | undefined, fallback = ''): string => (typeof value === 'string' ? value : value === undefined || value === null ? fallback : String(value));
export const version = (node: N8nNode) => node.typeVersion ?? 1;

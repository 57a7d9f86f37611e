import type { UnsupportedNode } from '../../../../../shared/contract/workflows';
import { WORKFLOW_SCHEMA_VERSION, type JsonValue, type OnErrorPolicy, type WorkflowDocument, type WorkflowEdge, type WorkflowNode } from '../../../../../shared/workflow/document';
import { UNSUPPORTED_TYPE } from '../node-types';
import { mapN8nNode, mapsType, type MappedNode } from './map-nodes';
import { remedyFor } from './remedy';

/**
 * n8n workflow exports → Echelon documents. Nodes are mapped one by one (`map-nodes.ts`);
 * connections, keyed by node name and output index in n8n, become edges between named ports.
 * A node without an equivalent is kept as a placeholder, listed, and stops the workflow from
 * running until someone replaces it; everything else imports.
 */

/** n8n places ~100 px wide nodes 220 px apart; Echelon's canvas nodes are about 230 px wide. */
const N8N_SPACING_SCALE = { x: 1.4, y: 1.2 };

function canvasPosition(position: [number, number] | undefined): { x: number; y: number } {
  return { x: Math.round((position?.[0] ?? 0) * N8N_SPACING_SCALE.x), y: Math.round((position?.[1] ?? 0) * N8N_SPACING_SCALE.y) };
}

export interface N8nNode {
  id?: string;
  name: string;
  type: string;
  typeVersion?: number;
  position?: [number, number];
  parameters?: Record<string, unknown>;
  disabled?: boolean;
  notes?: string;
  credentials?: Record<string, { id?: string; name?: string }>;
  onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
  continueOnFail?: boolean;
  retryOnFail?: boolean;
  executeOnce?: boolean;
  maxTries?: number;
  waitBetweenTries?: number;
}

export interface N8nExport {
  id?: string | number;
  name?: string;
  nodes: N8nNode[];
  connections: Record<string, Record<string, Array<Array<{ node: string; type?: string; index?: number }> | null>>>;
  settings?: Record<string, unknown>;
  tags?: Array<string | { name?: string }>;
}

export function isN8nExport(value: unknown): value is N8nExport {
  return (
    value !== null &&
    typeof value === 'object' &&
    Array.isArray((value as N8nExport).nodes) &&
    typeof (value as N8nExport).connections === 'object' &&
    !('schemaVersion' in value)
  );
}

/** n8n marks expressions with a leading "="; Echelon reads `{{ }}` anywhere, so the marker goes. */
export function stripExpressionMarkers(value: unknown): JsonValue {
  if (typeof value === 'string') return value.startsWith('=') ? value.slice(1) : value;
  if (Array.isArray(value)) return value.map(stripExpressionMarkers);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, stripExpressionMarkers(item)]));
  }
  return (value ?? null) as JsonValue;
}

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : typeof value === 'number' ? String(value) : undefined);

/**
 * The export's nodes made safe to read: n8n writes a name, a type and parameters on every node,
 * but files edited by hand or by other tools may not. A node without a name gets one (n8n
 * connects nodes by name, so its connections cannot be restored) and a note says so.
 */
function readableNodes(source: N8nExport, notes: string[]): N8nNode[] {
  const nodes: N8nNode[] = [];
  const names = new Set(source.nodes.map((node) => (isRecord(node) ? text(node.name) : undefined)).filter((name) => name !== undefined));
  source.nodes.forEach((raw: unknown, index) => {
    if (!isRecord(raw)) {
      notes.push(`Entry ${index + 1} of "nodes" is not a node (${raw === null ? 'null' : typeof raw}); it was skipped.`);
      return;
    }
    const type = text(raw.type) ?? 'unknown';
    let name = text(raw.name);
    if (name === undefined) {
      const base = `Node ${index + 1}`;
      name = base;
      for (let n = 2; names.has(name); n++) name = `${base} (${n})`;
      names.add(name);
      notes.push(`Node ${index + 1} (${type}) has no name in the export: it is called "${name}" here, and its connections (which n8n records by name) are lost: connect it again.`);
    }
    const position = Array.isArray(raw.position) && raw.position.length >= 2 && raw.position.every((value) => typeof value === 'number') ? (raw.position as [number, number]) : undefined;
    nodes.push({ ...raw, id: text(raw.id), name, type, position, parameters: isRecord(raw.parameters) ? raw.parameters : {} } as N8nNode);
  });
  return nodes;
}

function nodeId(node: N8nNode, index: number, used: Set<string>): string {
  let id = node.id && /^[A-Za-z0-9_-]{1,64}$/.test(node.id) ? node.id : node.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 48) || `node-${index}`;
  while (used.has(id)) id = `${id}-${index}`;
  used.add(id);
  return id;
}

function onErrorOf(node: N8nNode): OnErrorPolicy | undefined {
  if (node.onError === 'continueRegularOutput' || (node.continueOnFail && !node.onError)) return 'continue';
  if (node.onError === 'continueErrorOutput') return 'route';
  return undefined;
}

/** An n8n sticky note as the canvas keeps it: placed and sized on the canvas's scale, with its text and colour. */
function stickyNote(n8n: N8nNode, index: number): JsonValue {
  const size = (value: unknown, scale: number, fallback: number) => Math.round((typeof value === 'number' && value > 0 ? value : fallback) * scale);
  return {
    id: `note-${n8n.id && /^[A-Za-z0-9_-]{1,48}$/.test(n8n.id) ? n8n.id : index}`,
    content: String(n8n.parameters?.content ?? ''),
    position: canvasPosition(n8n.position),
    width: size(n8n.parameters?.width, N8N_SPACING_SCALE.x, 240),
    height: size(n8n.parameters?.height, N8N_SPACING_SCALE.y, 160),
    ...(typeof n8n.parameters?.color === 'number' ? { color: n8n.parameters.color } : {}),
  };
}

export function importN8nWorkflow(
  source: N8nExport,
  /** Finds an imported workflow by its n8n id (for sub-workflows and error workflows). */
  resolveWorkflow: (n8nId: string) => string | undefined,
  /** The name of the Echelon integration that covers an n8n node type, if one is installed (for the import report). */
  integrationFor: (n8nType: string) => string | undefined = () => undefined,
): { document: WorkflowDocument; unsupported: UnsupportedNode[]; notes: string[]; sourceId?: string } {
  const notes: string[] = [];
  const unsupported: UnsupportedNode[] = [];
  const used = new Set<string>();
  const byName = new Map<string, { node: WorkflowNode; mapped: MappedNode }>();
  const nodes: WorkflowNode[] = [];
  const stickies: JsonValue[] = [];
  const ai = aiConnections(source);

  readableNodes(source, notes).forEach((n8n, index) => {
    if (n8n.type === 'n8n-nodes-base.stickyNote') {
      stickies.push(stickyNote(n8n, index));
      return;
    }
    const parameters = stripExpressionMarkers(n8n.parameters ?? {}) as Record<string, JsonValue>;
    const notesBefore = notes.length;
    const mapped = mapN8nNode(n8n, parameters, { resolveWorkflow, notes, attached: (kind, name = n8n.name) => ai.attached(name, kind), feeds: (name = n8n.name) => ai.feeds(name) });
    if (mapped?.absorbed) return;
    // A mapper that declines says why in its last note; that reason is the node's remedy.
    const setting = ['operation', 'mode', 'resource'].map((key) => (typeof parameters[key] === 'string' ? `${key} "${String(parameters[key])}"` : '')).filter(Boolean).join(', ');
    const remedy = mapped ? undefined : remedyFor(n8n.type, notes.length > notesBefore ? notes.splice(notesBefore).at(-1) : undefined, integrationFor(n8n.type), { known: mapsType(n8n.type), setting });
    const node: WorkflowNode = {
      id: nodeId(n8n, index, used),
      type: mapped?.type ?? UNSUPPORTED_TYPE,
      typeVersion: mapped?.version ?? '1.0.0',
      name: n8n.name,
      position: canvasPosition(n8n.position),
      parameters: mapped?.parameters ?? { n8nType: n8n.type, n8nTypeVersion: n8n.typeVersion ?? 1, n8nParameters: parameters, remedy: remedy! },
    };
    if (!mapped) unsupported.push({ name: n8n.name, type: n8n.type, remedy });
    if (mapped?.credentials) node.credentials = mapped.credentials;
    if (n8n.disabled) node.disabled = true;
    if (n8n.executeOnce) node.executeOnce = true;
    if (n8n.notes) node.notes = n8n.notes;
    const onError = onErrorOf(n8n);
    if (onError) node.onError = onError;
    if (n8n.retryOnFail) {
      const wait = Math.max(0, Math.min(5000, n8n.waitBetweenTries ?? 1000));
      // n8n waits the same time between tries: a flat backoff.
      node.retry = { maxTries: Math.max(2, Math.min(5, n8n.maxTries ?? 3)), baseDelayMs: wait, maxDelayMs: wait, jitter: false };
    }
    nodes.push(node);
    byName.set(n8n.name, { node, mapped: mapped ?? { type: UNSUPPORTED_TYPE, version: '1.0.0', parameters: {}, outputs: ['main'] } });
  });

  const edges: WorkflowEdge[] = [];
  for (const [fromName, types] of Object.entries(isRecord(source.connections) ? source.connections : {})) {
    if (!isRecord(types)) continue;
    const from = byName.get(fromName);
    if (!from && ai.absorbed(fromName, byName)) continue;
    if (!from) {
      notes.push(`A connection starts at "${fromName}", which is not in the export; it was skipped.`);
      continue;
    }
    (Array.isArray(types.main) ? types.main : []).forEach((targets, outputIndex) => {
      for (const target of Array.isArray(targets) ? targets : []) {
        if (!isRecord(target) || typeof target.node !== 'string') continue;
        const to = byName.get(target.node);
        if (!to) {
          notes.push(`A connection from "${fromName}" ends at "${target.node}", which is not in the export; it was skipped.`);
          continue;
        }
        const output = outputName(from, outputIndex);
        const input = to.mapped.inputs?.[target.index ?? 0] ?? 'main';
        edges.push({ from: { node: from.node.id, output }, to: { node: to.node.id, input } });
      }
    });
    for (const kind of Object.keys(types)) if (kind !== 'main' && !kind.startsWith('ai_')) notes.push(`"${fromName}" has "${kind}" connections, which Echelon does not run.`);
  }

  const settings: WorkflowDocument['settings'] = {};
  const n8nSettings = isRecord(source.settings) ? source.settings : {};
  if (typeof n8nSettings.timezone === 'string' && n8nSettings.timezone !== 'DEFAULT') settings.timezone = n8nSettings.timezone;
  if (typeof n8nSettings.errorWorkflow === 'string' && n8nSettings.errorWorkflow) {
    const local = resolveWorkflow(n8nSettings.errorWorkflow);
    if (local) settings.errorWorkflow = local;
    else notes.push(`The error workflow (n8n id ${n8nSettings.errorWorkflow}) is not imported yet: import it, then set it in the settings.`);
  }
  if (n8nSettings.executionOrder === 'v0') notes.push('The workflow used n8n\'s legacy execution order (v0); Echelon runs branches in the v1 order.');

  const document: WorkflowDocument = {
    schemaVersion: WORKFLOW_SCHEMA_VERSION,
    name: text(source.name)?.trim() || 'Imported workflow',
    nodes,
    edges,
    settings,
  };
  const tags = (Array.isArray(source.tags) ? source.tags : []).map((tag: unknown) => (typeof tag === 'string' ? tag : isRecord(tag) ? (text(tag.name) ?? '') : '')).filter(Boolean);
  if (tags.length > 0) document.tags = tags;
  const meta: Record<string, JsonValue> = { importedFrom: 'n8n' };
  const sourceId = text(source.id);
  if (sourceId !== undefined) meta.n8nId = sourceId;
  if (stickies.length > 0) meta.stickyNotes = stickies;
  document.meta = meta;
  for (const found of unsupported) notes.push(`"${found.name}" (${found.type}) has no Echelon equivalent: ${found.remedy}`);
  return { document, unsupported, notes, sourceId };
}

/** n8n's AI connections (`ai_languageModel`, `ai_tool`, `ai_memory`…): which sub-node feeds which node. */
function aiConnections(source: N8nExport) {
  const nodes = new Map(source.nodes.map((node) => [node.name, node]));
  const edges: { from: N8nNode; to: string; kind: string }[] = [];
  for (const [fromName, types] of Object.entries(source.connections ?? {})) {
    const from = nodes.get(fromName);
    if (!from) continue;
    for (const [kind, outputs] of Object.entries(types)) {
      if (!kind.startsWith('ai_')) continue;
      for (const target of (outputs ?? []).flat()) if (target) edges.push({ from, to: target.node, kind });
    }
  }
  return {
    attached: (name: string, kind: string) =>
      edges.filter((edge) => edge.to === name && edge.kind === kind).map((edge) => ({ node: edge.from, parameters: stripExpressionMarkers(edge.from.parameters ?? {}) as Record<string, JsonValue> })),
    feeds: (name: string) => edges.filter((edge) => edge.from.name === name).flatMap((edge) => nodes.get(edge.to) ?? []),
    /** A node folded into another (not in the document) has nothing but AI connections to skip. */
    absorbed: (name: string, mapped: Map<string, unknown>) => nodes.has(name) && !mapped.has(name),
  };
}

function outputName(from: { node: WorkflowNode; mapped: MappedNode }, index: number): string {
  const outputs = from.mapped.outputs;
  if (index < outputs.length) return outputs[index]!;
  // n8n puts the error output after the regular ones.
  if (from.node.onError === 'route' && index === outputs.length) return 'error';
  return outputs[0] ?? 'main';
}

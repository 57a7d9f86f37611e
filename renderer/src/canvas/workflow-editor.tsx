import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { PanelRightOpen } from 'lucide-react';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ExecutionDetail } from '../../../shared/contract';
import type { WorkflowDocument, WorkflowNode } from '../../../shared/workflow/document';
import { autoLayout } from './auto-layout';
import type { CanvasConnection, CanvasNodeType, CanvasPorts, CanvasProblem, StepState } from './canvas-types';
import { useCanvasClipboard } from './use-canvas-clipboard';
import { addNode, connect, duplicateNodes, removeNodes, updateNode } from './document-edits';
import { EditorToolbar, type DraftState } from './editor-toolbar';
import { executionOverlay } from './execution-overlay';
import type { CanvasContext } from './flow-mapping';
import { NodeInspector } from './node-inspector';
import { createNode, newNodeId } from './node-defaults';
import { NodePalette } from './node-palette';
import { NodeSearch } from './node-search';
import { ProblemsPanel } from './problems-panel';
import { QuickInsert } from './quick-insert';
import { StepPanel } from './step-panel';
import { newStickyNote, STICKY_PREFIX, stickyNotes, withStickyNotes } from './sticky-notes';
import { useCanvasKeys } from './use-canvas-keys';
import { useDocumentHistory } from './use-document-history';
import { READABLE_ZOOM } from './viewport';
import { FIT_OPTIONS, WorkflowCanvas } from './workflow-canvas';
import { ExposeAsToolToggle } from '../agents/expose-as-tool';
import { RunOnChoice } from '../workers/run-on-choice';
import '../workers/workers.css';
import './canvas.css';

export type { DraftState } from './editor-toolbar';

/** Horizontal distance between nodes added one after another (a node is about 230 px wide). */
const NODE_SPACING_X = 290;
const NO_STATES: Record<string, StepState> = {};

export interface WorkflowEditorProps {
  initial: WorkflowDocument;
  catalog: readonly CanvasNodeType[];
  /** Connections API nodes can pick from. */
  connections: readonly CanvasConnection[];
  colorMode: 'light' | 'dark';
  problems: readonly CanvasProblem[];
  ports: Readonly<Record<string, CanvasPorts>>;
  states: Readonly<Record<string, StepState>>;
  draftState: DraftState;
  /** The saved version number shown in the toolbar. */
  version?: number;
  running: boolean;
  /** A run shown on the canvas (read-only): statuses, item counts, each step's data. */
  execution?: ExecutionDetail;
  /** A document to load as one undoable change (a restored version), told apart by its nonce. */
  incoming?: { document: WorkflowDocument; label: string; nonce: number };
  /** Every edit, for autosave and validation (the caller debounces). */
  onDocumentChange(document: WorkflowDocument): void;
  onSaveVersion(document: WorkflowDocument): void;
  onRun(document: WorkflowDocument): void;
  onRunFrom?(nodeId: string): void;
  onShowHistory?(): void;
  onExitExecution?(): void;
  onBack(): void;
  /** A team viewer's canvas: inspect only; no palette, save, run or edits. */
  readOnly?: boolean;
  /** Shown in the toolbar: teammates on this workflow. */
  presence?: ReactNode;
}

/** Why the workflow cannot run as it is, or nothing when it can. */
function runBlocker(document: WorkflowDocument, catalog: ReadonlyMap<string, CanvasNodeType>, problems: readonly CanvasProblem[]): string | undefined {
  if (document.nodes.length === 0) return 'Add a trigger first: an empty workflow has nothing to run.';
  if (!document.nodes.some((node) => catalog.get(node.type)?.kind === 'trigger')) return 'Add a trigger (Manual trigger, Schedule, Webhook…): it is where a run starts.';
  if (problems.length > 0) return `Fix the ${problems.length === 1 ? 'problem' : `${problems.length} problems`} below first.`;
  return undefined;
}

/** Below this width the canvas, the palette and the inspector do not all fit side by side. */
const NARROW_WINDOW = 1240;

function Editor(props: WorkflowEditorProps) {
  const { catalog, problems, ports, states, onDocumentChange, execution } = props;
  const history = useDocumentHistory(props.initial);
  const { document } = history;
  const change: typeof history.change = useMemo(() => (props.readOnly ? () => {} : history.change), [props.readOnly, history.change]);
  const [selection, setSelection] = useState<Set<string>>(new Set());
  const [paletteOpen, setPaletteOpen] = useState(true);
  const [inspectorOpen, setInspectorOpen] = useState(true);
  const [snap, setSnap] = useState(true);
  // Off until asked for: it redraws every node on each frame of a pan.
  const [minimap, setMinimap] = useState(false);
  const [popover, setPopover] = useState<'search' | 'insert' | undefined>();
  const pointer = useRef<{ x: number; y: number } | undefined>(undefined);
  const flow = useReactFlow();

  const catalogByType = useMemo(() => new Map(catalog.map((entry) => [entry.type, entry])), [catalog]);
  const overlay = useMemo(() => (execution ? executionOverlay(document, execution.steps, !['queued', 'running', 'waiting'].includes(execution.status)) : undefined), [document, execution]);
  const context: CanvasContext = useMemo(
    () => ({ catalog: catalogByType, ports, problems: execution ? [] : problems, states: overlay?.states ?? (execution ? NO_STATES : states), edgeItems: overlay?.edgeItems }),
    [catalogByType, execution, overlay, ports, problems, states],
  );
  const nodeNames = useMemo(() => new Map(document.nodes.map((node) => [node.id, node.name])), [document.nodes]);
  const selectedNode = document.nodes.find((node) => selection.has(node.id));
  const blocker = runBlocker(document, catalogByType, problems);

  useEffect(() => {
    if (document !== props.initial) onDocumentChange(document);
  }, [document, onDocumentChange, props.initial]);

  const { incoming } = props;
  const applied = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (!incoming || applied.current === incoming.nonce) return;
    applied.current = incoming.nonce;
    change(incoming.document, incoming.label);
  }, [change, incoming]);

  /** Keeps the node being edited on screen, clear of the inspector that opened beside it. */
  const reveal = useCallback(
    (node: WorkflowNode, zoom?: number) => {
      requestAnimationFrame(() => {
        const element = window.document.querySelector(`.react-flow__node[data-id="${CSS.escape(node.id)}"]`);
        const pane = window.document.querySelector('.workflow-canvas')?.getBoundingClientRect();
        const box = element?.getBoundingClientRect();
        if (zoom === undefined && box && pane && box.left >= pane.left && box.right <= pane.right && box.top >= pane.top && box.bottom <= pane.bottom) return;
        const width = box ? box.width / flow.getZoom() : 230;
        void flow.setCenter(node.position.x + width / 2, node.position.y + 28, { zoom: zoom ?? flow.getZoom(), duration: 250 });
      });
    },
    [flow],
  );

  // However a node comes to be selected (a click, a search, an insert), it ends up in view beside
  // the panel that opens for it: once the canvas has shrunk to make room, it pans if it must.
  const revealed = selection.size === 1 ? selectedNode : undefined;
  const revealedRef = useRef(revealed);
  useEffect(() => {
    revealedRef.current = revealed;
  });
  /** How the next reveal shows the node: zoomed in (a found node), or with the node before it (a node added from the palette). */
  const nextReveal = useRef<{ zoom?: number; withNode?: string }>({});
  /** On a narrow window the palette folds away once, the first time the inspector needs the room. */
  const paletteFolded = useRef(false);
  useEffect(() => {
    if (!revealedRef.current) return;
    const timer = setTimeout(() => {
      if (paletteOpen && inspectorOpen && !paletteFolded.current && window.innerWidth < NARROW_WINDOW) {
        paletteFolded.current = true;
        setPaletteOpen(false);
        return; // This runs again once the canvas has the room.
      }
      const node = revealedRef.current;
      const { zoom, withNode } = nextReveal.current;
      nextReveal.current = {};
      if (!node) return;
      if (withNode) void flow.fitView({ nodes: [{ id: withNode }, { id: node.id }], padding: 0.3, maxZoom: 1, minZoom: READABLE_ZOOM, duration: 200 });
      else reveal(node, zoom);
    }, 60);
    return () => clearTimeout(timer);
  }, [revealed?.id, inspectorOpen, paletteOpen, reveal, flow]);

  /** Selects a node and zooms in on it (a search result, a node picked in the overview). */
  const focus = (node: WorkflowNode) => {
    const zoom = Math.max(flow.getZoom(), 1);
    if (revealed?.id === node.id) return reveal(node, zoom);
    nextReveal.current = { zoom };
    setSelection(new Set([node.id]));
  };

  const addAt = useCallback(
    (type: string, position: { x: number; y: number }, after?: string) => {
      const nodeType = catalogByType.get(type);
      if (!nodeType) return;
      const node = createNode(nodeType, position, document);
      let next = addNode(document, node);
      if (after && nodeType.inputs.length > 0) next = connect(next, { from: { node: after, output: 'main' }, to: { node: node.id, input: nodeType.inputs[0]! } });
      change(next, `Add ${nodeType.name}`);
      setSelection(new Set([node.id]));
    },
    [catalogByType, change, document],
  );

  /** A clicked node goes after the last one added (a chain grows left to right), then the view follows it. */
  const addNext = useCallback(
    (type: string) => {
      const last = document.nodes.at(-1);
      const box = window.document.querySelector('.workflow-canvas')?.getBoundingClientRect();
      const position = last
        ? { x: Math.max(...document.nodes.map((node) => node.position.x)) + NODE_SPACING_X, y: last.position.y }
        : box
          ? flow.screenToFlowPosition({ x: box.left + box.width / 3, y: box.top + box.height / 2 })
          : { x: 0, y: 0 };
      // The new node and the one before it, at a readable zoom.
      nextReveal.current = { withNode: last?.id };
      addAt(type, position);
    },
    [addAt, document.nodes, flow],
  );

  const duplicate = useCallback(() => {
    const ids = new Set([...selection].filter((id) => !id.startsWith(STICKY_PREFIX)));
    if (ids.size === 0) return;
    const result = duplicateNodes(document, ids, newNodeId);
    change(result.document, 'Duplicate');
    setSelection(new Set(result.created));
  }, [change, document, selection]);

  const remove = useCallback(() => {
    if (selection.size === 0) return;
    const notes = new Set([...selection].filter((id) => id.startsWith(STICKY_PREFIX)).map((id) => id.slice(STICKY_PREFIX.length)));
    change(withStickyNotes(removeNodes(document, selection), stickyNotes(document).filter((note) => !notes.has(note.id))), selection.size > 1 ? `Delete ${selection.size} items` : 'Delete');
    setSelection(new Set());
  }, [change, document, selection]);

  const viewCentre = () => {
    const box = window.document.querySelector('.workflow-canvas')?.getBoundingClientRect();
    return box ? flow.screenToFlowPosition({ x: box.left + box.width / 2, y: box.top + box.height / 2 }) : { x: 0, y: 0 };
  };

  const addNote = () => {
    const at = pointer.current ?? viewCentre();
    const note = newStickyNote({ x: at.x, y: at.y });
    change(withStickyNotes(document, [...stickyNotes(document), note]), 'Add note');
    setSelection(new Set([`${STICKY_PREFIX}${note.id}`]));
  };

  const tidy = () => {
    change(autoLayout(document), 'Tidy up');
    requestAnimationFrame(() => void flow.fitView({ ...FIT_OPTIONS, duration: 250 }));
  };

  const readOnly = execution !== undefined || props.readOnly === true;
  useCanvasClipboard({ document, selection, readOnly, pointer, change, select: setSelection });
  useCanvasKeys({
    save: () => !readOnly && props.onSaveVersion(document),
    run: () => !readOnly && !blocker && props.onRun(document),
    undo: history.undo,
    redo: history.redo,
    duplicate: () => !readOnly && duplicate(),
    selectAll: () => setSelection(new Set([...document.nodes.map((node) => node.id), ...stickyNotes(document).map((note) => `${STICKY_PREFIX}${note.id}`)])),
    escape: () => (popover ? setPopover(undefined) : setSelection(new Set())),
    find: () => setPopover('search'),
    insert: () => !readOnly && setPopover('insert'),
    tidy: () => !readOnly && tidy(),
    addNote: () => !readOnly && addNote(),
    fit: () => void flow.fitView({ ...FIT_OPTIONS, duration: 250 }),
    toggleSnap: () => setSnap((on) => !on),
  });

  const insertFrom = selectedNode && selection.size === 1 ? selectedNode : undefined;
  const insert = (type: string) => {
    const at = pointer.current ?? (insertFrom ? { x: insertFrom.position.x + NODE_SPACING_X, y: insertFrom.position.y } : viewCentre());
    addAt(type, at, insertFrom?.id);
    setPopover(undefined);
  };

  const pin = (node: WorkflowNode, output: Record<string, unknown[]> | undefined) => {
    change(updateNode(document, node.id, (current) => {
      const next = { ...current };
      if (output) next.pinnedOutput = output as WorkflowNode['pinnedOutput'];
      else delete next.pinnedOutput;
      return next;
    }), output ? 'Pin output' : 'Unpin output');
  };

  const step = selectedNode && overlay ? execution?.steps.find((candidate) => candidate.seq === overlay.lastStep[selectedNode.id]) : undefined;

  return (
    <div className="workflow-editor" data-testid="workflow-editor" data-mode={execution ? 'execution' : 'edit'}>
      <EditorToolbar
        document={document}
        onRename={(name) => change({ ...document, name }, 'Rename workflow', true)}
        version={props.version}
        draftState={props.draftState}
        history={history}
        snap={snap}
        minimap={minimap}
        running={props.running}
        blocker={blocker}
        execution={execution}
        viewer={props.readOnly}
        presence={props.presence}
        onToggleSnap={() => setSnap((on) => !on)}
        onToggleMinimap={() => setMinimap((on) => !on)}
        onFind={() => setPopover('search')}
        onTidy={tidy}
        onAddNote={addNote}
        onShowHistory={props.onShowHistory}
        onExitExecution={props.onExitExecution}
        onSave={() => props.onSaveVersion(document)}
        onRun={() => props.onRun(document)}
        onBack={props.onBack}
        editing={
          <>
            <ExposeAsToolToggle document={document} onChange={change} />
            <RunOnChoice document={document} onChange={change} />
          </>
        }
      />
      <div className="editor-body">
        {!readOnly && <NodePalette catalog={catalog} collapsed={!paletteOpen} onToggle={() => setPaletteOpen((open) => !open)} onAdd={addNext} />}
        <div className="editor-centre">
          {document.nodes.length === 0 && !readOnly && (
            <div className="canvas-empty" data-testid="canvas-empty">
              <strong>Start with a trigger</strong>
              <span className="muted">Click a node on the left, drag it here, or press N. Connect outputs to inputs by dragging between the dots.</span>
            </div>
          )}
          {popover === 'search' && (
            <NodeSearch
              nodes={document.nodes}
              onClose={() => setPopover(undefined)}
              onPick={(node) => {
                setPopover(undefined);
                focus(node);
              }}
            />
          )}
          {popover === 'insert' && <QuickInsert catalog={catalog} connectFrom={insertFrom?.name} onInsert={insert} onClose={() => setPopover(undefined)} />}
          <WorkflowCanvas
            document={document}
            context={context}
            colorMode={props.colorMode}
            selection={selection}
            snap={snap}
            minimap={minimap}
            readOnly={readOnly}
            onSelectionChange={setSelection}
            onChange={change}
            onDropNodeType={(type, position) => addAt(type, position)}
            onPointer={(position) => (pointer.current = position)}
            onPickNode={(id) => {
              const node = document.nodes.find((candidate) => candidate.id === id);
              if (node) focus(node);
            }}
          />
          {!execution && <ProblemsPanel problems={problems} blocker={blocker} nodeNames={nodeNames} onSelectNode={(id) => setSelection(new Set([id]))} />}
        </div>
        {selectedNode && execution && (
          <StepPanel
            execution={execution}
            node={selectedNode}
            step={step}
            onPin={(output) => pin(selectedNode, output)}
            onUnpin={() => pin(selectedNode, undefined)}
            onRunFrom={() => props.onRunFrom?.(selectedNode.id)}
            onClose={() => setSelection(new Set())}
          />
        )}
        {selectedNode && !execution && inspectorOpen && (
          <fieldset className="inspector-fieldset" disabled={props.readOnly}>
          <NodeInspector
            node={selectedNode}
            nodeType={catalogByType.get(selectedNode.type)}
            problems={problems.filter((problem) => problem.nodeId === selectedNode.id)}
            connections={props.connections}
            onChange={(node, label) => change(updateNode(document, node.id, () => node), label, true)}
            onDuplicate={duplicate}
            onDelete={remove}
            onCollapse={() => setInspectorOpen(false)}
            onClose={() => setSelection(new Set())}
          />
          </fieldset>
        )}
        {selectedNode && !execution && !inspectorOpen && (
          <aside className="inspector-rail" aria-label="Inspector (collapsed)">
            <button type="button" className="icon-button" onClick={() => setInspectorOpen(true)} aria-label={`Show the inspector for ${selectedNode.name}`} title="Show the inspector" data-testid="expand-inspector">
              <PanelRightOpen size={16} />
            </button>
          </aside>
        )}
      </div>
    </div>
  );
}

/** The workflow canvas editor: palette, canvas, inspector, problems, undo/redo, autosave hooks, runs shown on the canvas. */
export function WorkflowEditor(props: WorkflowEditorProps) {
  return (
    <ReactFlowProvider>
      <Editor {...props} />
    </ReactFlowProvider>
  );
}

import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { ArrowLeft, CheckCircle2, CloudOff, Eye, LoaderCircle, Play, Redo2, Save, Undo2 } from 'lucide-react';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { WorkflowDocument } from '../../../shared/workflow/document';
import type { CanvasConnection, CanvasNodeType, CanvasPorts, CanvasProblem, StepState } from './canvas-types';
import { addNode, duplicateNodes, removeNodes, updateNode } from './document-edits';
import type { CanvasContext } from './flow-mapping';
import { NodeInspector } from './node-inspector';
import { createNode, newNodeId } from './node-defaults';
import { NodePalette } from './node-palette';
import { ProblemsPanel } from './problems-panel';
import { useDocumentHistory } from './use-document-history';
import { WorkflowCanvas } from './workflow-canvas';
import './canvas.css';

export type DraftState = 'saved' | 'saving' | 'unsaved' | 'offline';

/** Horizontal distance between nodes added one after another (a node is about 230 px wide). */
const NODE_SPACING_X = 290;

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
  /** Every edit, for autosave and validation (the caller debounces). */
  onDocumentChange(document: WorkflowDocument): void;
  onSaveVersion(document: WorkflowDocument): void;
  onRun(document: WorkflowDocument): void;
  onBack(): void;
  /** A team viewer's canvas: inspect only; no palette, save, run or edits. */
  readOnly?: boolean;
  /** Shown in the toolbar: teammates on this workflow. */
  presence?: ReactNode;
}

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

const DRAFT_LABEL: Record<DraftState, string> = { saved: 'All changes kept', saving: 'Saving draft…', unsaved: 'Unsaved changes', offline: 'Offline — changes kept here' };

function Editor(props: WorkflowEditorProps) {
  const { catalog, problems, ports, states, onDocumentChange } = props;
  const history = useDocumentHistory(props.initial);
  const { document } = history;
  const change: typeof history.change = useMemo(() => (props.readOnly ? () => {} : history.change), [props.readOnly, history.change]);
  const [selection, setSelection] = useState<Set<string>>(new Set());
  const flow = useReactFlow();

  const catalogByType = useMemo(() => new Map(catalog.map((entry) => [entry.type, entry])), [catalog]);
  const context: CanvasContext = useMemo(() => ({ catalog: catalogByType, ports, problems, states }), [catalogByType, ports, problems, states]);
  const nodeNames = useMemo(() => new Map(document.nodes.map((node) => [node.id, node.name])), [document.nodes]);
  const selectedNode = document.nodes.find((node) => selection.has(node.id));

  useEffect(() => {
    if (document !== props.initial) onDocumentChange(document);
  }, [document, onDocumentChange, props.initial]);

  const addAt = useCallback(
    (type: string, position: { x: number; y: number }) => {
      const nodeType = catalogByType.get(type);
      if (!nodeType) return;
      const node = createNode(nodeType, position, document);
      change(addNode(document, node), `Add ${nodeType.name}`);
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
      addAt(type, position);
      requestAnimationFrame(() => void flow.fitView({ padding: 0.25, maxZoom: 1.1, duration: 200 }));
    },
    [addAt, document.nodes, flow],
  );

  const duplicate = useCallback(() => {
    if (selection.size === 0) return;
    const result = duplicateNodes(document, selection, newNodeId);
    change(result.document, 'Duplicate');
    setSelection(new Set(result.created));
  }, [change, document, selection]);

  const remove = useCallback(() => {
    if (selection.size === 0) return;
    change(removeNodes(document, selection), selection.size > 1 ? `Delete ${selection.size} nodes` : 'Delete node');
    setSelection(new Set());
  }, [change, document, selection]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      if (props.readOnly && mod && (key === 's' || key === 'enter')) {
        event.preventDefault();
      } else if (mod && key === 's') {
        event.preventDefault();
        props.onSaveVersion(document);
      } else if (mod && key === 'enter') {
        event.preventDefault();
        props.onRun(document);
      } else if (isTyping(event.target)) {
        return;
      } else if (mod && key === 'z') {
        event.preventDefault();
        if (event.shiftKey) history.redo();
        else history.undo();
      } else if (mod && key === 'y') {
        event.preventDefault();
        history.redo();
      } else if (mod && key === 'd') {
        event.preventDefault();
        duplicate();
      } else if (key === 'escape') {
        setSelection(new Set());
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [document, duplicate, history, props]);

  const DraftIcon = props.draftState === 'saving' ? LoaderCircle : props.draftState === 'offline' ? CloudOff : CheckCircle2;

  return (
    <div className="workflow-editor" data-testid="workflow-editor">
      <header className="editor-toolbar">
        <button type="button" className="icon-button" aria-label="Back to workflows" title="Back to workflows" onClick={props.onBack} data-testid="back-to-workflows">
          <ArrowLeft size={16} />
        </button>
        <input
          className="editor-title"
          readOnly={props.readOnly}
          value={document.name}
          aria-label="Workflow name"
          data-testid="workflow-name"
          onChange={(event) => change({ ...document, name: event.target.value }, 'Rename workflow')}
        />
        {props.version !== undefined && <span className="badge">v{props.version}</span>}
        <span className={`draft-state draft-${props.draftState}`} data-testid="draft-state" data-state={props.draftState}>
          <DraftIcon size={14} aria-hidden /> {DRAFT_LABEL[props.draftState]}
        </span>
        {props.presence}
        <div className="toolbar-spacer" />
        {props.readOnly ? (
          <span className="badge read-only-note" data-testid="read-only">
            <Eye size={13} aria-hidden /> Read only — your team role is Viewer
          </span>
        ) : (
          <>
        <button type="button" className="icon-button" disabled={!history.canUndo} onClick={history.undo} aria-label={`Undo ${history.undoLabel ?? ''}`} title={`Undo ${history.undoLabel ?? ''} (Ctrl+Z)`}>
          <Undo2 size={16} />
        </button>
        <button type="button" className="icon-button" disabled={!history.canRedo} onClick={history.redo} aria-label={`Redo ${history.redoLabel ?? ''}`} title={`Redo ${history.redoLabel ?? ''} (Ctrl+Shift+Z)`}>
          <Redo2 size={16} />
        </button>
        <button type="button" className="button" onClick={() => props.onSaveVersion(document)} title="Save a new version (Ctrl+S)" data-testid="save-version">
          <Save size={15} aria-hidden /> Save version
        </button>
        <button type="button" className="button primary" onClick={() => props.onRun(document)} disabled={props.running} title="Run (Ctrl+Enter)" data-testid="run-workflow">
          {props.running ? <LoaderCircle size={15} className="spin" aria-hidden /> : <Play size={15} aria-hidden />} {props.running ? 'Running…' : 'Run'}
        </button>
          </>
        )}
      </header>
      <div className="editor-body">
        {!props.readOnly && <NodePalette catalog={catalog} onAdd={addNext} />}
        <div className="editor-centre">
          {document.nodes.length === 0 && (
            <div className="canvas-empty" data-testid="canvas-empty">
              <strong>Start with a trigger</strong>
              <span className="muted">Click a node on the left, or drag it here. Connect outputs to inputs by dragging between the dots.</span>
            </div>
          )}
          <WorkflowCanvas
            document={document}
            context={context}
            colorMode={props.colorMode}
            selection={selection}
            onSelectionChange={setSelection}
            onChange={change}
            onDropNodeType={addAt}
            readOnly={props.readOnly}
          />
          <ProblemsPanel problems={problems} nodeNames={nodeNames} onSelectNode={(id) => setSelection(new Set([id]))} />
        </div>
        {selectedNode && (
          <fieldset className="inspector-fieldset" disabled={props.readOnly}>
          <NodeInspector
            node={selectedNode}
            nodeType={catalogByType.get(selectedNode.type)}
            problems={problems.filter((problem) => problem.nodeId === selectedNode.id)}
            connections={props.connections}
            onChange={(node, label) => change(updateNode(document, node.id, () => node), label)}
            onDuplicate={duplicate}
            onDelete={remove}
            onClose={() => setSelection(new Set())}
          />
          </fieldset>
        )}
      </div>
    </div>
  );
}

/** The workflow canvas editor: palette, canvas, inspector, problems, undo/redo, autosave hooks. */
export function WorkflowEditor(props: WorkflowEditorProps) {
  return (
    <ReactFlowProvider>
      <Editor {...props} />
    </ReactFlowProvider>
  );
}

import {
  applyNodeChanges,
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  ReactFlow,
  SelectionMode,
  useReactFlow,
  useStore,
  type Connection,
  type EdgeChange,
  type Node,
  type NodeChange,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { MAIN, type WorkflowDocument } from '../../../shared/workflow/document';
import { connect, moveNodes, removeEdges, removeNodes } from './document-edits';
import { FlowNodeComponent } from './flow-node';
import { toFlowEdges, toFlowNodes, toStickyNodes, type CanvasContext } from './flow-mapping';
import { StickyNoteComponent } from './sticky-note-node';
import { STICKY_PREFIX, stickyNotes, withStickyNotes } from './sticky-notes';
import { DETAIL_ZOOM, MAX_ZOOM, MIN_ZOOM, openingViewport, type Viewport } from './viewport';

export const NODE_TYPE_MIME = 'application/x-echelon-node-type';
const nodeTypes = { workflow: FlowNodeComponent, sticky: StickyNoteComponent };
/** Estimated node size before React Flow has measured it (for the opening viewport). */
const NODE_BOX = { width: 230, height: 56 };
/** Above this many nodes only those on screen are mounted, once zoomed in (zoomed out, most are on screen: culling would be React work on every frame for nothing). */
const VIRTUALIZE_FROM = 300;

export interface WorkflowCanvasProps {
  document: WorkflowDocument;
  context: CanvasContext;
  colorMode: 'light' | 'dark';
  /** Ids of the selected nodes (sticky notes as `sticky:<id>`); the inspector shows the first node. */
  selection: ReadonlySet<string>;
  snap: boolean;
  minimap: boolean;
  /** A run shown on the canvas: nothing can be edited. */
  readOnly?: boolean;
  onSelectionChange(selection: Set<string>): void;
  /** `continuous`: one of a burst of edits (drag frames, keystrokes) that undo takes back as one. */
  onChange(next: WorkflowDocument, label: string, continuous?: boolean): void;
  onDropNodeType(type: string, position: { x: number; y: number }): void;
  /** Where the pointer is, in flow coordinates (pasting and inserting put things there). */
  onPointer?(position: { x: number; y: number } | undefined): void;
}

type AnyNode = Node<Record<string, unknown>>;

/** Below DETAIL_ZOOM the canvas draws plain boxes: text, icons and shadows cost paint and cannot be read. */
function useLowDetail(): boolean {
  return useStore((state) => state.transform[2] < DETAIL_ZOOM);
}

/**
 * The React Flow view of a document. Dragging moves a local copy of the nodes (smooth, no
 * history entry per frame); the document changes once, when the drag ends.
 */
export function WorkflowCanvas(props: WorkflowCanvasProps) {
  const { document, context, colorMode, selection, onSelectionChange, onChange, onDropNodeType, readOnly = false } = props;
  const flow = useReactFlow();
  const box = useRef<HTMLDivElement>(null);
  const [opening, setOpening] = useState<Viewport | undefined>();
  const lowDetail = useLowDetail();

  const editNote = useCallback(
    (id: string, content: string) => onChange(withStickyNotes(document, stickyNotes(document).map((note) => (note.id === id ? { ...note, content } : note))), 'Edit note', true),
    [document, onChange],
  );
  const build = useCallback(
    (): AnyNode[] => [...(toStickyNodes(document, selection, editNote, readOnly) as AnyNode[]), ...(toFlowNodes(document, context, selection) as AnyNode[])],
    [context, document, editNote, readOnly, selection],
  );
  const [nodes, setNodes] = useState<AnyNode[]>(build);
  const [selectedEdges, setSelectedEdges] = useState<Set<string>>(new Set());
  const dragging = useRef(false);

  useEffect(() => {
    if (!dragging.current) setNodes(build());
  }, [build]);

  useLayoutEffect(() => {
    const rect = box.current?.getBoundingClientRect();
    if (!rect || opening) return;
    const boxes = [...document.nodes.map((node) => ({ ...node.position, ...NODE_BOX })), ...stickyNotes(document).map((note) => ({ ...note.position, width: note.width, height: note.height }))];
    const trigger = document.nodes.find((node) => context.catalog.get(node.type)?.kind === 'trigger');
    setOpening(openingViewport(boxes, trigger ? { ...trigger.position, ...NODE_BOX } : undefined, { width: rect.width, height: rect.height }));
  }, [context.catalog, document, opening]);

  const edges = useMemo(() => toFlowEdges(document, selectedEdges, context.states, context.edgeItems), [document, selectedEdges, context.states, context.edgeItems]);

  const onNodesChange = useCallback(
    (changes: NodeChange<AnyNode>[]) => {
      setNodes((current) => applyNodeChanges(changes, current));
      if (readOnly) {
        const picked = changes.filter((change) => change.type === 'select');
        if (picked.length > 0) onSelectionChange(new Set(picked.filter((change) => change.selected).map((change) => change.id)));
        return;
      }
      const moved = new Map<string, { x: number; y: number }>();
      const resized = new Map<string, { width: number; height: number }>();
      const removed = new Set<string>();
      let selectionChanged = false;
      const nextSelection = new Set(selection);
      for (const change of changes) {
        if (change.type === 'position') {
          dragging.current = Boolean(change.dragging);
          if (!change.dragging && change.position) moved.set(change.id, change.position);
        } else if (change.type === 'dimensions' && change.resizing === false && change.dimensions && change.id.startsWith(STICKY_PREFIX)) {
          resized.set(change.id.slice(STICKY_PREFIX.length), change.dimensions);
        } else if (change.type === 'remove') removed.add(change.id);
        else if (change.type === 'select') {
          selectionChanged = true;
          if (change.selected) nextSelection.add(change.id);
          else nextSelection.delete(change.id);
        }
      }
      const notes = stickyNotes(document);
      const noteIds = (ids: Iterable<string>) => new Set([...ids].filter((id) => id.startsWith(STICKY_PREFIX)).map((id) => id.slice(STICKY_PREFIX.length)));
      if (removed.size > 0) {
        const gone = noteIds(removed);
        const next = withStickyNotes(removeNodes(document, removed), notes.filter((note) => !gone.has(note.id)));
        onChange(next, removed.size > 1 ? `Delete ${removed.size} items` : 'Delete');
        for (const id of removed) nextSelection.delete(id);
        selectionChanged = true;
      } else if (moved.size > 0 || resized.size > 0) {
        const notesMoved = notes.map((note) => {
          const position = moved.get(`${STICKY_PREFIX}${note.id}`);
          const size = resized.get(note.id);
          return { ...note, ...(position && { position }), ...(size && { width: Math.round(size.width), height: Math.round(size.height) }) };
        });
        const next = withStickyNotes(moveNodes(document, moved), notesMoved);
        onChange(next, resized.size > 0 ? 'Resize note' : 'Move', true);
      }
      if (selectionChanged) onSelectionChange(nextSelection);
    },
    [document, onChange, onSelectionChange, readOnly, selection],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      const removed = new Set(changes.filter((change) => change.type === 'remove').map((change) => change.id));
      if (removed.size > 0 && !readOnly) onChange(removeEdges(document, removed), 'Delete connection');
      const selects = changes.filter((change) => change.type === 'select');
      if (selects.length > 0) {
        setSelectedEdges((current) => {
          const next = new Set(current);
          for (const change of selects) {
            if (change.selected) next.add(change.id);
            else next.delete(change.id);
          }
          return next;
        });
      }
    },
    [document, onChange, readOnly],
  );

  const onConnect = useCallback(
    (connection: Connection) =>
      onChange(
        connect(document, { from: { node: connection.source, output: connection.sourceHandle ?? MAIN }, to: { node: connection.target, input: connection.targetHandle ?? MAIN } }),
        'Connect',
      ),
    [document, onChange],
  );

  const onDrop = useCallback(
    (event: DragEvent) => {
      const type = event.dataTransfer.getData(NODE_TYPE_MIME);
      if (!type || readOnly) return;
      event.preventDefault();
      onDropNodeType(type, flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }));
    },
    [flow, onDropNodeType, readOnly],
  );

  const { onPointer } = props;
  // While the view moves, the viewport is its own layer (will-change) so each frame re-composites
  // the drawing instead of painting it again; once it stops, it is drawn sharp at the new zoom.
  // An attribute React does not manage: no render at the start or end of a gesture, and a class change mid-gesture keeps it.
  const moving = useMemo(() => ({ start: () => box.current?.setAttribute('data-moving', ''), end: () => box.current?.removeAttribute('data-moving') }), []);
  const large = document.nodes.length > VIRTUALIZE_FROM;
  const classes = ['workflow-canvas', lowDetail && 'low-detail', readOnly && 'read-only'].filter(Boolean).join(' ');
  return (
    <div
      ref={box}
      className={classes}
      data-testid="workflow-canvas"
      data-low-detail={lowDetail}
      onDragOver={(event) => event.preventDefault()}
      onDrop={onDrop}
      onMouseMove={onPointer ? (event) => onPointer(flow.screenToFlowPosition({ x: event.clientX, y: event.clientY })) : undefined}
      onMouseLeave={onPointer ? () => onPointer(undefined) : undefined}
    >
      {opening && (
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onConnect={readOnly ? undefined : onConnect}
          nodesDraggable={!readOnly}
          nodesConnectable={!readOnly}
          isValidConnection={(connection) => connection.source !== connection.target}
          deleteKeyCode={readOnly ? null : ['Backspace', 'Delete']}
          selectionKeyCode="Shift"
          multiSelectionKeyCode={['Meta', 'Control']}
          selectionMode={SelectionMode.Partial}
          colorMode={colorMode}
          defaultViewport={opening}
          minZoom={MIN_ZOOM}
          maxZoom={MAX_ZOOM}
          onlyRenderVisibleElements={large && !lowDetail}
          onMoveStart={moving.start}
          onMoveEnd={moving.end}
          snapToGrid={props.snap}
          snapGrid={[20, 20]}
          proOptions={{ hideAttribution: true }}
        >
          {!lowDetail && <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} />}
          <Controls showInteractive={false} fitViewOptions={{ padding: 0.1, maxZoom: 1 }} />
          {props.minimap && <MiniMap pannable zoomable className="flow-minimap" />}
        </ReactFlow>
      )}
    </div>
  );
}

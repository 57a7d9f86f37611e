import {
  applyNodeChanges,
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type NodeChange,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { MAIN, type WorkflowDocument } from '../../../shared/workflow/document';
import { connect, moveNodes, removeEdges, removeNodes } from './document-edits';
import { FlowNodeComponent, type FlowNode } from './flow-node';
import { toFlowEdges, toFlowNodes, type CanvasContext } from './flow-mapping';

export const NODE_TYPE_MIME = 'application/x-echelon-node-type';
const nodeTypes = { workflow: FlowNodeComponent };

export interface WorkflowCanvasProps {
  document: WorkflowDocument;
  context: CanvasContext;
  colorMode: 'light' | 'dark';
  /** Ids of the selected nodes; the inspector shows the first. */
  selection: ReadonlySet<string>;
  onSelectionChange(selection: Set<string>): void;
  onChange(next: WorkflowDocument, label: string): void;
  onDropNodeType(type: string, position: { x: number; y: number }): void;
  /** A viewer's canvas: nodes can be selected and inspected, not moved, connected or deleted. */
  readOnly?: boolean;
}

/**
 * The React Flow view of a document. Dragging moves a local copy of the nodes (smooth, no
 * history entry per frame); the document changes once, when the drag ends.
 */
export function WorkflowCanvas({ document, context, colorMode, selection, onSelectionChange, onChange, onDropNodeType, readOnly }: WorkflowCanvasProps) {
  const flow = useReactFlow();
  const [nodes, setNodes] = useState<FlowNode[]>(() => toFlowNodes(document, context, selection));
  const [selectedEdges, setSelectedEdges] = useState<Set<string>>(new Set());
  const dragging = useRef(false);

  useEffect(() => {
    if (!dragging.current) setNodes(toFlowNodes(document, context, selection));
  }, [document, context, selection]);

  const edges = useMemo(() => toFlowEdges(document, selectedEdges, context.states), [document, selectedEdges, context.states]);

  const onNodesChange = useCallback(
    (changes: NodeChange<FlowNode>[]) => {
      setNodes((current) => applyNodeChanges(changes, current));
      const moved = new Map<string, { x: number; y: number }>();
      const removed = new Set<string>();
      let selectionChanged = false;
      const nextSelection = new Set(selection);
      for (const change of changes) {
        if (change.type === 'position') {
          dragging.current = Boolean(change.dragging);
          if (!change.dragging && change.position) moved.set(change.id, change.position);
        } else if (change.type === 'remove') removed.add(change.id);
        else if (change.type === 'select') {
          selectionChanged = true;
          if (change.selected) nextSelection.add(change.id);
          else nextSelection.delete(change.id);
        }
      }
      if (removed.size > 0) {
        onChange(removeNodes(document, removed), removed.size > 1 ? `Delete ${removed.size} nodes` : 'Delete node');
        for (const id of removed) nextSelection.delete(id);
        selectionChanged = true;
      } else if (moved.size > 0) onChange(moveNodes(document, moved), 'Move');
      if (selectionChanged) onSelectionChange(nextSelection);
    },
    [document, onChange, onSelectionChange, selection],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      const removed = new Set(changes.filter((change) => change.type === 'remove').map((change) => change.id));
      if (removed.size > 0) onChange(removeEdges(document, removed), 'Delete connection');
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
    [document, onChange],
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

  return (
    <div className="workflow-canvas" data-testid="workflow-canvas" onDragOver={(event) => event.preventDefault()} onDrop={onDrop}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        isValidConnection={(connection) => connection.source !== connection.target}
        deleteKeyCode={readOnly ? null : ['Backspace', 'Delete']}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        colorMode={colorMode}
        fitView
        fitViewOptions={{ maxZoom: 1.2, padding: 0.2 }}
        minZoom={0.2}
        snapToGrid
        snapGrid={[10, 10]}
        proOptions={{ hideAttribution: true }}
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} />
        <Controls showInteractive={false} />
        <MiniMap pannable zoomable className="flow-minimap" />
      </ReactFlow>
    </div>
  );
}

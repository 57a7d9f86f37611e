import { Handle, Position, useStore, type Node, type NodeProps } from '@xyflow/react';
import { CircleAlert, CircleCheck, CircleDashed, CircleSlash, CircleX, LoaderCircle, PauseCircle, Pin } from 'lucide-react';
import { memo } from 'react';
import { isNote, MAIN, type WorkflowNode } from '../../../shared/workflow/document';
import { PluginIcon } from '../components/plugin-icon';
import type { CanvasNodeType, CanvasPorts, CanvasProblem, StepState } from './canvas-types';
import { NoteView } from './note-node';
import { DETAIL_ZOOM } from './viewport';

export interface FlowNodeData extends Record<string, unknown> {
  node: WorkflowNode;
  nodeType?: CanvasNodeType;
  ports: CanvasPorts;
  problems: CanvasProblem[];
  state?: StepState;
  /** What the node is, in words (see node-subtitle.ts). */
  subtitle: string;
}

export type FlowNode = Node<FlowNodeData, 'workflow'>;

const STATE_ICONS: Record<StepState, typeof CircleCheck> = {
  pending: CircleDashed,
  running: LoaderCircle,
  succeeded: CircleCheck,
  failed: CircleX,
  skipped: CircleSlash,
  cancelled: CircleSlash,
  waiting: PauseCircle,
};

/** Evenly spaced handle offsets down the side of the node. */
const offset = (index: number, count: number) => `${((index + 1) * 100) / (count + 1)}%`;

const zoomedOut = (state: { transform: [number, number, number] }) => state.transform[2] < DETAIL_ZOOM;

function FlowNodeView({ data, selected }: NodeProps<FlowNode>) {
  const { node, nodeType, ports, problems, state, subtitle } = data;
  // Zoomed out, the icons are not drawn at all (the text stays, hidden, so the node keeps its size).
  const plain = useStore(zoomedOut);
  if (isNote(node)) return <NoteView node={node} selected={selected} />;
  const StateIcon = state ? STATE_ICONS[state] : undefined;
  const labelled = (names: string[]) => names.length > 1 || names.some((name) => name !== MAIN);
  const classes = ['flow-node', selected && 'selected', node.disabled && 'disabled', problems.length > 0 && 'has-problems', state && `state-${state}`, nodeType?.kind === 'trigger' && 'trigger']
    .filter(Boolean)
    .join(' ');

  return (
    <div className={classes} data-testid={`canvas-node-${node.name}`} data-node-id={node.id} data-state={state} title={node.name}>
      {ports.inputs.map((input, index) => (
        <Handle key={input} type="target" position={Position.Left} id={input} style={{ top: offset(index, ports.inputs.length) }} className="flow-handle">
          {labelled(ports.inputs) && <span className="handle-label input">{input}</span>}
        </Handle>
      ))}
      <div className="flow-node-icon">
        {!plain && <PluginIcon name={nodeType?.icon ?? 'box'} size={18} />}
        {!plain && node.pinnedOutput && <Pin size={11} className="flow-node-pin" aria-label="Output pinned" />}
      </div>
      <div className="flow-node-body">
        <span className="flow-node-name">{node.name}</span>
        <span className="flow-node-type">{subtitle}</span>
      </div>
      <div className="flow-node-badges">
        {problems.length > 0 && (
          <span className="flow-node-problem" title={problems.map((problem) => problem.message).join('\n')} data-testid="node-problem">
            <CircleAlert size={15} aria-label={`${problems.length} problem${problems.length > 1 ? 's' : ''}`} />
          </span>
        )}
        {!plain && StateIcon && <StateIcon size={15} className={`flow-node-state ${state}`} aria-label={state} />}
      </div>
      {ports.outputs.map((output, index) => (
        <Handle key={output} type="source" position={Position.Right} id={output} style={{ top: offset(index, ports.outputs.length) }} className={output === 'error' ? 'flow-handle error' : 'flow-handle'}>
          {labelled(ports.outputs) && <span className="handle-label output">{output}</span>}
        </Handle>
      ))}
    </div>
  );
}

export const FlowNodeComponent = memo(FlowNodeView);

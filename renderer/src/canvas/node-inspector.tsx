import { Copy, PanelRightClose, Trash2, X } from 'lucide-react';
import type { WorkflowNode } from '../../../shared/workflow/document';
import { PluginIcon } from '../components/plugin-icon';
import { SchemaForm } from '../components/schema-form/schema-form';
import type { CanvasConnection, CanvasNodeType, CanvasProblem } from './canvas-types';
import { applySettings, nodeSettingsSchema, settingsOf } from './node-settings-schema';

export interface NodeInspectorProps {
  node: WorkflowNode;
  nodeType?: CanvasNodeType;
  problems: readonly CanvasProblem[];
  connections: readonly CanvasConnection[];
  onChange(node: WorkflowNode, label: string): void;
  onDuplicate(): void;
  onDelete(): void;
  onCollapse(): void;
  onClose(): void;
}

/** The selected node: its parameters (a form generated from the node type's schema) and its settings. */
export function NodeInspector({ node, nodeType, problems, connections, onChange, onDuplicate, onDelete, onCollapse, onClose }: NodeInspectorProps) {
  return (
    <aside className="node-inspector" aria-label={`Node ${node.name}`} data-testid="node-inspector">
      <header className="inspector-header">
        <span className="inspector-icon">
          <PluginIcon name={nodeType?.icon ?? 'box'} size={18} />
        </span>
        <div>
          <strong>{node.name}</strong>
          <span className="muted">{nodeType ? `${nodeType.name} · v${node.typeVersion}` : `Unknown type ${node.type}`}</span>
        </div>
        <div className="inspector-actions">
          <button type="button" className="icon-button" aria-label="Duplicate node (Ctrl+D)" title="Duplicate (Ctrl+D)" onClick={onDuplicate}>
            <Copy size={15} />
          </button>
          <button type="button" className="icon-button" aria-label="Delete node (Delete)" title="Delete (Delete)" onClick={onDelete}>
            <Trash2 size={15} />
          </button>
          <button type="button" className="icon-button" aria-label="Collapse the inspector" title="Collapse (the node stays selected)" onClick={onCollapse} data-testid="collapse-inspector">
            <PanelRightClose size={15} />
          </button>
          <button type="button" className="icon-button" aria-label="Close inspector (Esc)" title="Close (Esc)" onClick={onClose}>
            <X size={15} />
          </button>
        </div>
      </header>
      {nodeType?.description && <p className="muted inspector-description">{nodeType.description}</p>}
      {problems.length > 0 && (
        <ul className="inspector-problems" data-testid="inspector-problems">
          {problems.map((problem) => (
            <li key={`${problem.path}:${problem.message}`}>
              {problem.field && <code>{problem.field}</code>} {problem.message}
            </li>
          ))}
        </ul>
      )}
      <section>
        <h3>Parameters</h3>
        {nodeType ? (
          <SchemaForm
            key={`${node.id}-parameters`}
            idPrefix={`node-${node.id}`}
            schema={nodeType.parameters}
            value={node.parameters}
            liveValidate
            onChange={(parameters) => onChange({ ...node, parameters: parameters as WorkflowNode['parameters'] }, 'Edit parameters')}
          />
        ) : (
          <p className="muted">This node type is not installed, so its parameters cannot be edited. Replace the node to run the workflow.</p>
        )}
      </section>
      <details className="inspector-settings" open>
        <summary>Settings: name, errors, retries, timeout</summary>
        <SchemaForm
          key={`${node.id}-settings`}
          idPrefix={`settings-${node.id}`}
          schema={nodeSettingsSchema(nodeType, connections)}
          value={settingsOf(node)}
          liveValidate
          onChange={(value) => onChange(applySettings(node, value), 'Edit settings')}
        />
      </details>
    </aside>
  );
}

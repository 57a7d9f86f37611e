import { ArrowLeft } from 'lucide-react';
import { useApiQuery } from '../api/hooks';
import { PageHeader } from '../components/page-header';

/**
 * Where the canvas editor opens (`#/workflows/<id>`). Until it lands, the workflow's nodes,
 * connections and problems are shown read-only, from the same `workflows.get` it will use.
 */
export function CanvasSlot({ id, onBack }: { id: string; onBack(): void }) {
  const detail = useApiQuery('workflows.get', { id });
  const workflow = detail.data;
  const names = new Map(workflow?.document.nodes.map((node) => [node.id, node.name]));
  return (
    <div className="page" data-testid="canvas-slot" data-workflow={id}>
      <PageHeader
        title={workflow?.name ?? 'Workflow'}
        subtitle={workflow ? `Version ${workflow.documentVersion} · ${workflow.nodeCount} nodes` : undefined}
        actions={
          <button type="button" className="button" onClick={onBack} data-testid="back-to-workflows">
            <ArrowLeft size={14} aria-hidden /> Workflows
          </button>
        }
      />
      {detail.error && <p className="step-error">{detail.error.message}</p>}
      {workflow && (
        <section className="grid-2">
          <div className="card">
            <h2 className="card-title">Nodes</h2>
            <table className="table compact">
              <tbody>
                {workflow.document.nodes.map((node) => (
                  <tr key={node.id}>
                    <td>
                      <strong>{node.name}</strong>
                    </td>
                    <td className="muted mono">{node.type}</td>
                    <td className="muted small">{(workflow.ports[node.id]?.outputs ?? []).join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="card">
            <h2 className="card-title">Connections</h2>
            <ul className="plain">
              {workflow.document.edges.map((edge) => (
                <li key={`${edge.from.node}:${edge.from.output}->${edge.to.node}:${edge.to.input}`}>
                  {names.get(edge.from.node)} <span className="muted">({edge.from.output})</span> → {names.get(edge.to.node)}
                  {edge.to.input !== 'main' && <span className="muted"> ({edge.to.input})</span>}
                </li>
              ))}
            </ul>
            {workflow.problems.length > 0 && (
              <>
                <h2 className="card-title spaced">Problems</h2>
                <ul className="plain" data-testid="workflow-problems">
                  {workflow.problems.map((problem) => (
                    <li key={`${problem.path}-${problem.code}`} className="problem">
                      {problem.message}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
        </section>
      )}
    </div>
  );
}

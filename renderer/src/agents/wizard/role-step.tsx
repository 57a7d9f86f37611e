import { useApiQuery } from '../../api/hooks';
import { fromTemplate, type Draft } from './draft';

/** Step 1: start from one of the twelve roles, or from scratch. */
export function RoleStep({ draft, onChange }: { draft: Draft; onChange(draft: Draft): void }) {
  const templates = useApiQuery('agents.templates', {});
  return (
    <div>
      <p className="muted">Each role comes with instructions, suggested tools and limits; you can change all of them next.</p>
      <div className="template-grid" data-testid="templates">
        <button type="button" className={draft.role === 'custom' ? 'template selected' : 'template'} onClick={() => onChange({ ...draft, role: 'custom', suggested: [] })} data-testid="template-custom">
          <strong>Start from scratch</strong>
          <span className="muted">Your own instructions and tools.</span>
        </button>
        {templates.data?.map((template) => (
          <button key={template.id} type="button" className={draft.role === template.id ? 'template selected' : 'template'} onClick={() => onChange(fromTemplate(draft, template))} data-testid={`template-${template.id}`}>
            <strong>{template.name}</strong>
            <span className="muted">{template.description}</span>
          </button>
        ))}
      </div>
    </div>
  );
}

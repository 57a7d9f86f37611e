import { Blocks } from 'lucide-react';
import { EmptyState } from '../components/empty-state';
import { PageHeader } from '../components/page-header';

export function IntegrationsPage() {
  return (
    <div className="page" data-testid="page-integrations">
      <PageHeader title="Integrations" subtitle="Connections to APIs such as GitHub, Slack, GraphQL, REST and LLM endpoints." />
      <EmptyState icon={Blocks} title="No connections yet">
        <p>Connections you make to APIs appear here with their health and response times.</p>
      </EmptyState>
    </div>
  );
}

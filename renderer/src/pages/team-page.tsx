import { Users } from 'lucide-react';
import { EmptyState } from '../components/empty-state';
import { PageHeader } from '../components/page-header';

export function TeamPage() {
  return (
    <div className="page" data-testid="page-team">
      <PageHeader title="Team" subtitle="Share workflows and servers with teammates through your organization's Supabase project." />
      <EmptyState icon={Users} title="Working solo">
        <p>Echelon works fully offline. Team sync is not configured on this machine, so everything you build stays local.</p>
      </EmptyState>
    </div>
  );
}
